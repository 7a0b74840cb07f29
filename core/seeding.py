"""Services behind the ``seed`` command: the load in phases, derived fields after loading, and demo accounts.

The seed folder holds YAML fixtures and CSV tables. Measurements, targets,
baselines and allocations are CSV files named ``NNN_<document>_<table>.csv``
(``042_laa2_targets.csv``) in the columns an administrator's import uses, and
load through the same import resources, so the seed data "loads the same way"
as an upload: the same validation, the same all-or-nothing rule, history rows.
The load runs in three phases:

1. every YAML file whose name sorts before the last CSV file, in one ``loaddata``
   (areas, partnerships, indicators, grants: what the tables name);
2. the CSV files in name order, each through its import resource;
3. the YAML files whose names sort after every CSV file (stated totals, the
   formula and spend lines, which name allocations).
"""

from pathlib import Path
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify

from core.imports.io import result_errors, result_summary, table_import
from core.periods import FinancialYear
from funding.resources import AllocationResource
from indicators.models import Target
from indicators.resources import BaselineResource, DeliveryJudgementResource, MeasurementResource, TargetResource
from pagecache import versions
from partnerships.resources import PopulationResource
from returns.models import ReportingQuarter

SEED_DIR = Path(settings.BASE_DIR) / "fixtures" / "seed"

DEMO_PASSWORD = "safer-communities-demo"

# The latest quarter of LAA2 that the documents cover: the demo's open quarter for returns.
DEMO_OPEN_QUARTER = (FinancialYear(2010), 3)

COUNTED_MODELS = [
    "partnerships.Area",
    "partnerships.Agency",
    "partnerships.Partnership",
    "partnerships.Membership",
    "partnerships.PriorityTheme",
    "partnerships.PriorityHolding",
    "partnerships.PartnershipPriority",
    "partnerships.HeadlineAction",
    "partnerships.Milestone",
    "partnerships.Population",
    "partnerships.AreaFact",
    "partnerships.ListedItem",
    "partnerships.ActionPlan",
    "partnerships.PlanActivity",
    "partnerships.ServiceContribution",
    "indicators.Agreement",
    "indicators.Outcome",
    "indicators.Indicator",
    "indicators.Baseline",
    "indicators.Target",
    "indicators.Measurement",
    "indicators.DeliveryJudgement",
    "indicators.ReportedSummary",
    "indicators.IndicatorCommentary",
    "indicators.TargetPart",
    "funding.Funder",
    "funding.FundingStream",
    "funding.Grant",
    "funding.Allocation",
    "funding.StatedTotal",
    "funding.Contribution",
    "funding.AgreementResource",
    "funding.AllocationFormula",
    "funding.FormulaComponent",
    "funding.FormulaWeight",
    "funding.SpendLine",
]


# The last word of a seed CSV's name says which import resource reads it (as ``import_table``'s table names).
SEED_TABLES = {
    "baselines": BaselineResource,
    "targets": TargetResource,
    "measurements": MeasurementResource,
    "allocations": AllocationResource,
    "populations": PopulationResource,
    "judgements": DeliveryJudgementResource,
}

SEED_HISTORY_REASON = "Loaded from the source documents (seed: {file_name})"


class SeedError(Exception):
    """A seed file that cannot be loaded; the message names the file and every failing line."""


class SeedFiles(NamedTuple):
    fixtures_before: list[Path]
    tables: list[Path]
    fixtures_after: list[Path]


def seed_files(folder: Path) -> SeedFiles:
    """The seed folder's files in the three phases of the load (see the module docstring)."""
    fixtures = sorted(Path(folder).glob("*.yaml"))
    tables = sorted(Path(folder).glob("*.csv"))
    last_table = tables[-1].name if tables else None
    return SeedFiles(
        fixtures_before=[f for f in fixtures if last_table is None or f.name < last_table],
        tables=tables,
        fixtures_after=[f for f in fixtures if last_table is not None and f.name > last_table],
    )


def resource_for_seed_table(path: Path):
    table = Path(path).stem.rsplit("_", 1)[-1]
    if table not in SEED_TABLES:
        raise SeedError(f"{Path(path).name}: name a seed table …_{'/'.join(SEED_TABLES)}.csv")
    return SEED_TABLES[table]


def seed_table_load(*, path: Path) -> dict[str, int]:
    """Import one seed CSV through its import resource, as an administrator's upload (no user).

    Raises ``SeedError`` listing every failing line; the import has then written
    nothing, and the caller's transaction undoes the rest of the seed.
    """
    path = Path(path)
    try:
        result = table_import(
            resource_class=resource_for_seed_table(path),
            data=path.read_bytes(),
            file_name=path.name,
            dry_run=False,
            history_reason=SEED_HISTORY_REASON.format(file_name=path.name),
        )
    except ValueError as exc:
        raise SeedError(f"{path.name}: {exc}") from None
    errors = result_errors(result)
    if errors:
        raise SeedError("\n".join([f"{path.name}: nothing was loaded.", *errors]))
    return result_summary(result)


def refresh_derived_fields():
    """Fill slugs left blank and recompute every target's derived value and flag."""
    for label in (
        "partnerships.Area",
        "partnerships.Partnership",
        "partnerships.PriorityTheme",
        "indicators.Indicator",
    ):
        model = apps.get_model(label)
        for obj in model.objects.filter(slug=""):
            obj.save()
    targets = list(Target.objects.select_related("indicator"))
    for target in targets:
        target.refresh_derivation()
    Target.objects.bulk_update(targets, ["derived_value", "has_derivation_flag"])
    versions.bump()  # bulk_update sends no signals


def seed_counts() -> dict[str, int]:
    return {label.split(".")[1]: apps.get_model(label).objects.count() for label in COUNTED_MODELS}


def create_demo_accounts(stdout=None):
    """An administrator, a board officer and one manager per district CSP (idempotent)."""
    from partnerships.models import Partnership

    User = get_user_model()
    from partnerships import roles

    board, _ = Group.objects.get_or_create(name=roles.BOARD_OFFICERS)
    managers, _ = Group.objects.get_or_create(name=roles.CSP_MANAGERS)
    Group.objects.get_or_create(name=roles.ADMINISTRATORS)

    def account(username, **fields):
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    account(
        "admin",
        first_name="Demo",
        last_name="Administrator",
        is_staff=True,
        is_superuser=True,
        email="admin@example.org",
    )
    officer = account("board", first_name="Demo", last_name="Board Officer", email="board@example.org")
    officer.groups.add(board)
    created = ["admin", "board"]
    district_csps = Partnership.objects.csps().filter(areas__kind="district").distinct()
    for csp in district_csps.prefetch_related("areas"):
        areas = list(csp.areas.all())
        if len(areas) != 1:
            continue  # joint partnerships are managed by their districts' managers
        username = f"manager-{slugify(areas[0].name)}"
        user = account(
            username,
            first_name="Demo",
            last_name=f"CSP Manager, {areas[0].name}",
            email=f"{username}@example.org",
        )
        user.groups.add(managers)
        csp.managers.add(user)
        created.append(username)
    open_demo_quarter()
    if stdout:
        stdout.write(f"Demo accounts (password '{DEMO_PASSWORD}'): {', '.join(created)}")


def open_demo_quarter():
    """One open reporting quarter, so the demo has a return to fill in (idempotent; never reopens a closed one)."""
    year, quarter = DEMO_OPEN_QUARTER
    ReportingQuarter.objects.get_or_create(year=year, quarter=quarter, defaults={"is_open": True})
