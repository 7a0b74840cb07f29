"""`manage.py import_table`: the admin's import path for scripts."""

import pytest
from django.core.management import CommandError, call_command

from core.imports.io import table_export
from core.periods import FinancialYear
from indicators.models import Measurement, Target
from indicators.resources import TargetResource
from tests.imports.conftest import csv_bytes

pytestmark = pytest.mark.django_db


def _run(*args):
    from io import StringIO

    out = StringIO()
    call_command("import_table", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_reports_the_counts_and_writes_nothing(tmp_path, seeded, new_figures):
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_bytes(*new_figures))

    out = _run("measurements", str(path), "--dry-run")

    assert out.strip() == "figures.csv: 3 new, 0 changed, 0 unchanged, 0 with errors. Dry run: nothing was written."
    assert not Measurement.objects.filter(year=FinancialYear(2011)).exists()


def test_an_import_records_the_named_user_in_history(tmp_path, administrator, new_figures):
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_bytes(*new_figures))

    _run("measurements", str(path), "--user", "admin")

    history = Measurement.history.filter(year=FinancialYear(2011))
    assert history.count() == 3
    assert {h.history_user for h in history} == {administrator}


def test_a_bad_row_fails_the_command_lists_the_line_and_writes_nothing(tmp_path, seeded, new_figures):
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_bytes(*new_figures, "NI 20,Melton,2011/12,2,,5,0,"))

    with pytest.raises(CommandError) as failure:
        _run("measurements", str(path))

    assert str(failure.value).splitlines() == [
        "figures.csv: 3 new, 0 changed, 0 unchanged, 1 with errors. Nothing was imported.",
        "Line 5: denominator: NI 20 denominator must be more than 0",
    ]
    assert not Measurement.objects.filter(year=FinancialYear(2011)).exists()


def test_the_seeded_targets_exported_and_imported_through_the_command_change_nothing(tmp_path, seeded):
    path = tmp_path / "targets.xlsx"
    path.write_bytes(table_export(resource_class=TargetResource, file_name=path.name))
    count = Target.objects.count()

    out = _run("targets", str(path))

    assert out.strip() == f"targets.xlsx: 0 new, 0 changed, {count} unchanged, 0 with errors. Imported."
    assert Target.objects.count() == count


def test_other_file_types_are_refused(tmp_path, seeded):
    path = tmp_path / "figures.json"
    path.write_text("[]")
    with pytest.raises(CommandError, match="import CSV"):
        _run("measurements", str(path))
    with pytest.raises(CommandError, match="No such file"):
        _run("measurements", str(tmp_path / "missing.csv"))
