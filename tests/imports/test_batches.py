"""Rows written in batches (core.imports.batches): the same errors, history and all-or-nothing as row by row."""

import pytest
from django.contrib.auth import get_user_model

from core.imports.io import result_errors, result_summary, table_import
from core.periods import FinancialYear
from indicators.models import Measurement
from indicators.resources import MeasurementResource
from tests.imports.conftest import csv_bytes, valid_figure_lines

pytestmark = pytest.mark.django_db


class SmallBatches(MeasurementResource):
    write_batch_size = 50

    class Meta(MeasurementResource.Meta):
        batch_size = 50


ROWS = 130  # three batches of SmallBatches, the last one short


def test_a_large_file_is_written_in_batches_with_every_row_in_history(seeded):
    admin = get_user_model().objects.create_user("importer")
    result = table_import(
        resource_class=SmallBatches,
        data=csv_bytes(*valid_figure_lines(ROWS)),
        file_name="big.csv",
        dry_run=False,
        user=admin,
    )
    assert result_summary(result) == {"new": ROWS, "changed": 0, "unchanged": 0, "errors": 0}
    written = Measurement.objects.filter(year__gte=FinancialYear(2030))
    assert written.count() == ROWS
    history = Measurement.history.filter(year__gte=FinancialYear(2030))
    assert history.count() == ROWS
    assert set(history.values_list("history_user__username", "history_change_reason").distinct()) == {
        ("importer", "Imported from big.csv")
    }
    assert written.filter(entered_at__isnull=True).count() == 0


def test_a_row_the_database_refuses_inside_a_batch_is_named_by_its_line_and_nothing_is_written(seeded):
    lines = valid_figure_lines(ROWS)
    indicator, area, _year, quarter, value = lines[70].split(",")
    lines[70] = f"{indicator},{area},,{quarter},{value}"  # no year: only the database's check refuses it
    result = table_import(resource_class=SmallBatches, data=csv_bytes(*lines), file_name="f.csv", dry_run=False)
    assert result_errors(result) == ["Line 71: A figure needs a financial year (measurement_has_year)"]
    assert result_summary(result)["errors"] == 1
    assert not Measurement.objects.filter(year__gte=FinancialYear(2030)).exists()
    assert not Measurement.history.filter(year__gte=FinancialYear(2030)).exists()


def test_re_importing_a_large_file_with_changes_updates_in_batches_with_history(seeded):
    lines = valid_figure_lines(ROWS)
    table_import(resource_class=SmallBatches, data=csv_bytes(*lines), file_name="a.csv", dry_run=False)
    changed = [lines[0]] + [line.rsplit(",", 1)[0] + ",95" for line in lines[1:]]
    result = table_import(resource_class=SmallBatches, data=csv_bytes(*changed), file_name="b.csv", dry_run=False)
    assert result_summary(result) == {"new": 0, "changed": ROWS, "unchanged": 0, "errors": 0}
    assert set(Measurement.objects.filter(year__gte=FinancialYear(2030)).values_list("value", flat=True)) == {95}
    assert Measurement.history.filter(year__gte=FinancialYear(2030), history_type="~").count() == ROWS


def test_re_importing_figures_someone_entered_costs_no_query_per_row(seeded, django_assert_max_num_queries):
    """full_clean checks the fields the file sets; the figure's ``entered_by`` is not looked up again per row."""
    rows = 120
    lines = valid_figure_lines(rows)
    table_import(resource_class=MeasurementResource, data=csv_bytes(*lines), file_name="a.csv", dry_run=False)
    Measurement.objects.filter(year__gte=FinancialYear(2030)).update(
        entered_by=get_user_model().objects.create_user("entered")
    )
    changed = [lines[0]] + [line.rsplit(",", 1)[0] + ",95" for line in lines[1:]]
    with django_assert_max_num_queries(rows // 2):
        result = table_import(
            resource_class=MeasurementResource, data=csv_bytes(*changed), file_name="b.csv", dry_run=False
        )
    assert result_summary(result) == {"new": 0, "changed": rows, "unchanged": 0, "errors": 0}


@pytest.mark.parametrize(
    "commentary",
    ["see C:\\figures\\new, and \\N is not blank", 'Up\tby "a lot"', "first line\nsecond line"],
    ids=["backslashes", "tab", "new line"],
)
def test_text_is_stored_as_written_in_new_and_changed_figures_and_their_history_in_one_write(
    seeded, commentary, django_assert_max_num_queries
):
    """Rows go in by PostgreSQL's COPY, whose text format gives backslashes, tabs and new lines meanings."""
    lines = valid_figure_lines(ROWS)
    for text in (commentary, f"{commentary} (revised)"):  # new figures, then every one changed
        quoted = '"' + text.replace('"', '""') + '"'
        data = csv_bytes(lines[0] + ",commentary", *(f"{line},{quoted}" for line in lines[1:]))
        with django_assert_max_num_queries(ROWS // 2):  # not written again row by row, a query or more each
            result = table_import(resource_class=SmallBatches, data=data, file_name="notes.csv", dry_run=False)
        assert result_summary(result)["errors"] == 0
    written = Measurement.objects.filter(year__gte=FinancialYear(2030))
    assert set(written.values_list("commentary", flat=True)) == {f"{commentary} (revised)"}
    history = Measurement.history.filter(year__gte=FinancialYear(2030))
    assert sorted(history.values_list("history_type", "commentary")) == sorted(
        [("+", commentary)] * ROWS + [("~", f"{commentary} (revised)")] * ROWS
    )
