"""The batched fast path (core.imports.batches) against import-export's own row path (each row saved on its own,
in its own savepoint, its history written by simple-history's signal): on the same files, the same summary, the
same errors by line and column, the same preview, the same figures and the same history rows."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from core.imports.io import result_errors, result_summary, table_export, table_import
from core.periods import FinancialYear
from indicators.models import Baseline, Measurement, Target
from indicators.resources import BaselineResource, MeasurementResource, TargetResource
from returns.models import ReportingQuarter
from tests.imports.conftest import csv_bytes, valid_figure_lines
from tests.imports.test_bad_input import BAD_FILES

pytestmark = pytest.mark.django_db


class RowByRow(MeasurementResource):
    """The same columns and rules, through import-export's ``import_row`` and ``Model.save()`` row by row."""

    class Meta(MeasurementResource.Meta):
        use_bulk = False


class SmallBatches(MeasurementResource):
    write_batch_size = 7  # a refused row sits in a batch with others, and the last batch is short

    class Meta(MeasurementResource.Meta):
        batch_size = 7


FAST_PATHS = [MeasurementResource, SmallBatches]
FIGURE_COLUMNS = ("indicator_id", "area_id", "year", "quarter", "value", "numerator", "denominator", "commentary")
FIGURE_COLUMNS += ("period_text", "is_synthetic", "source", "entered_by_id", "return_record_id")


def _state():
    """Every figure of the test's years, and every history row of them, without ids and dates (they differ)."""
    figures = Measurement.objects.filter(year__gte=FinancialYear(2011))
    history = Measurement.history.filter(year__gte=FinancialYear(2011))
    return (
        sorted(figures.values_list(*FIGURE_COLUMNS), key=repr),
        figures.filter(entered_at__isnull=True).count(),
        sorted(
            history.values_list(*FIGURE_COLUMNS, "history_type", "history_user__username", "history_change_reason"),
            key=repr,
        ),
        history.filter(entered_at__isnull=True).count(),
    )


def _run(resource_class, files, *, dry_run=False):
    """Import ``files`` one after another; what each said and the figures and history after, then undo it all."""
    user = get_user_model().objects.get_or_create(username="importer")[0]
    said = []
    with transaction.atomic():
        for name, data in files:
            result = table_import(resource_class=resource_class, data=data, file_name=name, dry_run=dry_run, user=user)
            preview = [(row.import_type, list(row.diff or [])) for row in result.valid_rows()]
            said.append((result_summary(result), result_errors(result), preview))
        state = _state()
        transaction.set_rollback(True)
    return said, state


def _good_files():
    """New figures; then a file that changes some, leaves some as they are and adds more."""
    lines = valid_figure_lines(40)
    header, first = lines[0], lines[1:31]
    changed = [line.rsplit(",", 1)[0] + ",77" for line in first[:10]]
    unchanged = first[10:20]
    added = lines[31:]
    again = [header.replace("value", "value,commentary")]
    again += [f"{line},Revised" for line in changed] + [f"{line}," for line in unchanged + added]
    return [("first.csv", csv_bytes(header, *first)), ("second.csv", csv_bytes(*again))]


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "preview"])
@pytest.mark.parametrize("fast", FAST_PATHS, ids=lambda cls: cls.__name__)
def test_a_good_file_gives_the_same_figures_history_and_preview_as_row_by_row(seeded, fast, dry_run):
    files = _good_files()
    row_said, row_state = _run(RowByRow, files, dry_run=dry_run)
    fast_said, fast_state = _run(fast, files, dry_run=dry_run)
    assert fast_said == row_said
    assert fast_state == row_state
    summaries = [summary for summary, _errors, _preview in row_said]
    if dry_run:
        assert summaries[1] == {"new": 30, "changed": 0, "unchanged": 0, "errors": 0}  # the first was not kept
        assert row_state[0] == [] and row_state[2] == []
    else:
        assert summaries == [
            {"new": 30, "changed": 0, "unchanged": 0, "errors": 0},
            {"new": 10, "changed": 10, "unchanged": 10, "errors": 0},
        ]
        assert len(row_state[2]) == 50  # 40 created, 10 changed: each a history row, by the importer, with reason
        assert {(h[-3], h[-2], h[-1]) for h in row_state[2]} == {
            ("+", "importer", "Imported from first.csv"),
            ("+", "importer", "Imported from second.csv"),
            ("~", "importer", "Imported from second.csv"),
        }
        assert row_state[1] == 0 and row_state[3] == 0  # every figure and history row says when it was entered


def _bad_file():
    """Good lines among lines each path must refuse in the same words; one only the database refuses."""
    good = valid_figure_lines(12, first_year=2031)
    return csv_bytes(
        good[0] + ",commentary,is_synthetic",
        *[f"{line},," for line in good[1:6]],
        '"NI 99",Blaby,2035/36,1,3,,',  # no such indicator
        '"NI 20",Nowhere,2035/36,1,3,,',  # no such area
        '"NI 20",Blaby,next year,1,3,,',  # not a financial year
        '"NI 20",Blaby,2035/36,5,3,,',  # not a quarter
        '"NI 20",Blaby,2035/36,1,lots,,',  # not a number
        '"LI 11 (NI 40)",Blaby,2035/36,1,-5,,',  # a negative count
        '"NI 21",Blaby,2035/36,1,112,,',  # a percentage over 100
        '"NI 20",Blaby,2035/36,2,3,,maybe',  # not yes or no
        '"NI 20",Blaby,2011/12,2,3,,',  # a closed quarter
        '"NI 20",Blaby,,3,3,,',  # no year: only the database's check refuses it
        *[f"{line},," for line in good[6:]],
        f"{good[3]},,",  # the same figure twice in the file
    )


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "preview"])
@pytest.mark.parametrize("fast", FAST_PATHS, ids=lambda cls: cls.__name__)
def test_a_bad_file_gives_the_same_errors_as_row_by_row_and_writes_nothing(seeded, fast, dry_run):
    ReportingQuarter.objects.create(year=FinancialYear(2011), quarter=2, is_open=False)
    files = [("bad.csv", _bad_file())]
    before = _state()
    row_said, row_state = _run(RowByRow, files, dry_run=dry_run)
    fast_said, fast_state = _run(fast, files, dry_run=dry_run)
    assert fast_said == row_said
    assert fast_state == row_state == before
    [(summary, errors, _preview)] = row_said
    assert summary["errors"] == 11
    assert "Line 16: A figure needs a financial year (measurement_has_year)" in errors
    assert any(error.startswith("Line 24: Line 4 already has this") for error in errors)


MEASUREMENT_BAD_FILES = [case for case in BAD_FILES if case[1] is MeasurementResource]


@pytest.mark.parametrize(
    ("case", "file_name", "data"),
    [(case, name, data) for case, _resource, name, data, _errors in MEASUREMENT_BAD_FILES],
    ids=[case[0] for case in MEASUREMENT_BAD_FILES],
)
def test_each_known_bad_input_gives_the_same_errors_on_both_paths(seeded, case, file_name, data):
    row_said, _ = _run(RowByRow, [(file_name, data)])
    fast_said, _ = _run(MeasurementResource, [(file_name, data)])
    assert fast_said == row_said, case


def _later(data: bytes, *, years: int, source: str | None = None) -> bytes:
    """An exported table with every year moved ``years`` on (so every row is new), and its source replaced."""
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    year, where = lines[0].index("year"), lines[0].index("source")
    for line in lines[1:]:
        if line[year]:
            start = int(line[year][:4]) + years
            line[year] = FinancialYear(start).label
        if source is not None:
            line[where] = source
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    return out.getvalue().encode()


@pytest.mark.parametrize(("resource_class", "model"), [(TargetResource, Target), (BaselineResource, Baseline)])
def test_targets_and_baselines_are_written_and_changed_as_row_by_row_would(seeded, resource_class, model):
    exported = table_export(resource_class=resource_class, file_name="export.csv")
    files = [("new.csv", _later(exported, years=30)), ("revised.csv", _later(exported, years=30, source="A\tB \\ C"))]
    columns = [f.attname for f in model._meta.concrete_fields if f.attname not in ("id", "entered_at")]

    def run(resource):
        said = []
        with transaction.atomic():
            for name, data in files:
                result = table_import(resource_class=resource, data=data, file_name=name, dry_run=False)
                said.append((result_summary(result), result_errors(result)))
            stored = sorted(model.objects.values_list(*columns), key=repr)
            history = sorted(model.history.values_list(*columns, "history_type", "history_change_reason"), key=repr)
            transaction.set_rollback(True)
        return said, stored, history

    class ResourceRowByRow(resource_class):
        class Meta(resource_class.Meta):
            use_bulk = False

    fast, row_by_row = run(resource_class), run(ResourceRowByRow)
    assert fast == row_by_row
    [(first, _), (second, _)] = fast[0]
    assert first["new"] > 0 and second["changed"] == first["new"] + first["unchanged"]
    assert first["errors"] == second["errors"] == 0
