"""`manage.py seed` on an empty database, twice: same counts, nothing duplicated; figures load by import."""

import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from core.periods import FinancialYear
from core.seeding import SEED_DIR, SEED_TABLES, seed_counts, seed_files
from funding import models as funding_models
from indicators.models import Agreement, Baseline, Indicator, Measurement, Outcome, ReportedSummary, Target
from partnerships import models as partnership_models

pytestmark = pytest.mark.django_db


def _empty_the_database():
    """Delete every seeded row: self-references cut first, then children before parents (the keys PROTECT)."""
    funding_models.Allocation.objects.update(parent=None)
    funding_models.Grant.objects.update(part_of=None)
    partnership_models.Partnership.objects.update(reports_to=None)
    partnership_models.Area.objects.update(parent=None)
    partnership_models.AreaFact.objects.update(part_of=None, breakdown="")
    children_first = (
        funding_models.SpendLine,
        funding_models.FormulaWeight,
        funding_models.FormulaComponent,
        funding_models.AllocationFormula,
        funding_models.StatedTotal,
        funding_models.AgreementResource,
        funding_models.Contribution,
        funding_models.Allocation,
        funding_models.Grant,
        funding_models.FundingStream,
        funding_models.Funder,
        ReportedSummary,
        Measurement,
        Target,
        Baseline,
        Indicator,
        Outcome,
        Agreement,
        partnership_models.Milestone,
        partnership_models.HeadlineAction,
        partnership_models.PartnershipPriority,
        partnership_models.PriorityHolding,
        partnership_models.PriorityTheme,
        partnership_models.Membership,
        partnership_models.Population,
        partnership_models.AreaFact,
        partnership_models.ListedItem,
        partnership_models.ActionPlan,  # its rows go with it
        partnership_models.Partnership,
        partnership_models.Agency,
        partnership_models.Area,
    )
    for model in children_first:
        model.objects.all().delete()
    get_user_model().objects.all().delete()


def test_seed_twice_on_an_empty_database_gives_the_same_counts(seeded):
    _empty_the_database()
    assert set(seed_counts().values()) == {0}

    call_command("seed", "--demo-accounts", verbosity=0)
    first = seed_counts()
    users_first = get_user_model().objects.count()
    call_command("seed", "--demo-accounts", verbosity=0)

    assert seed_counts() == first
    assert get_user_model().objects.count() == users_first
    for model in (
        "Area",
        "Agency",
        "Partnership",
        "Indicator",
        "Target",
        "Baseline",
        "Grant",
        "Allocation",
        "AreaFact",
    ):
        assert first[model] > 0, model


def test_demo_accounts_cover_every_district_csp(seeded):
    managers = get_user_model().objects.filter(username__startswith="manager-")
    assert managers.count() == 7
    for manager in managers:
        partnerships = list(manager.managed_partnerships.all())
        assert len(partnerships) == 1
        assert partnerships[0].kind == partnership_models.Partnership.Kind.CSP


def test_demo_accounts_are_refused_outside_local_development(settings):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    with pytest.raises(CommandError, match="local development only"):
        call_command("seed", "--demo-accounts", verbosity=0)


# --- The figures load through the admin's import path ------------------------------------------


def test_the_seed_loads_the_figures_from_csv_tables_between_the_fixtures_that_name_them():
    files = seed_files(SEED_DIR)

    assert {path.stem.rsplit("_", 1)[-1] for path in files.tables} == set(SEED_TABLES)
    assert "070_funding.yaml" in [path.name for path in files.fixtures_before]
    assert [path.name for path in files.fixtures_after] == [
        "075_funding_totals_and_spend.yaml",
        "076_laa1_two_part_targets.yaml",
    ]


@pytest.mark.parametrize("path", seed_files(SEED_DIR).tables, ids=lambda path: path.name)
def test_each_seed_table_reimports_as_no_changes_after_seeding(seeded, capsys, path):
    table = path.stem.rsplit("_", 1)[-1]

    call_command("import_table", table, str(path), "--dry-run")

    assert f"{path.name}: 0 new, 0 changed, " in capsys.readouterr().out


@pytest.mark.parametrize(
    ("model", "key", "file_name"),
    [
        (Target, {"indicator__code": "NI 20", "area__name": "Blaby", "year": FinancialYear(2009)}, "042_laa2_targets"),
        (Baseline, {"indicator__code": "NI 20", "area__name": "Leicestershire"}, "041_laa2_baselines"),
        (Measurement, {"indicator__code": "NI 20", "area__name": "Blaby"}, "043_laa2_measurements"),
        (
            funding_models.Allocation,
            {"label": "Blaby", "grant__title": "ABG Safer Communities revenue 2010/11"},
            "071_funding_allocations",
        ),
    ],
)
def test_seeded_figures_have_history_saying_they_came_from_the_documents(seeded, model, key, file_name):
    record = model.objects.filter(**key).first()

    first = record.history.earliest()
    assert first.history_type == "+"
    assert first.history_change_reason == f"Loaded from the source documents (seed: {file_name}.csv)"
    assert first.history_user is None


def _seed_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "seed"
    shutil.copytree(SEED_DIR, folder)
    return folder


def test_a_failing_row_fails_the_whole_seed_naming_its_file_and_line(seeded, tmp_path):
    folder = _seed_copy(tmp_path)
    targets = folder / "042_laa2_targets.csv"
    lines = targets.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].startswith("NI 18,Leicestershire,2010/11,no,2011,") and ",-9.64," in lines[1]
    lines[1] = lines[1].replace(",-9.64,", ",-9.5,")  # a valid change on line 2 ...
    lines[2] = lines[2].replace(",1.21,", ",one point two,")  # ... and a bad figure on line 3
    targets.write_text("".join(lines), encoding="utf-8")

    with pytest.raises(
        CommandError, match=r"042_laa2_targets\.csv(.|\n)*Line 3: value: 'one point two' is not a number"
    ):
        call_command("seed", "--dir", str(folder), verbosity=0)

    nine_64 = Target.objects.get(indicator__code="NI 18", area__name="Leicestershire", year=FinancialYear(2010))
    assert nine_64.value == D("-9.64")
