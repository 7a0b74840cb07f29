"""What the Word and Excel reports share: byte-stable files and the summary table's columns (no database)."""

import io
import time
import types
import zipfile

import pytest

from reports import layout
from reports.word import docx_bytes
from reports.workbook import xlsx_bytes
from tests.reports.sample import PRINTED, sample_report

RENDERERS = pytest.mark.parametrize("render", [docx_bytes, xlsx_bytes], ids=["docx", "xlsx"])


@RENDERERS
def test_the_same_report_gives_the_same_bytes_an_hour_later(render, monkeypatch):
    report = sample_report()
    first = render(report)
    later = time.time() + 3600  # the zip writer stamps members with the time of saving
    monkeypatch.setattr(zipfile, "time", types.SimpleNamespace(time=lambda: later, localtime=time.localtime))
    assert render(report) == first


@RENDERERS
def test_every_file_in_the_package_is_stamped_with_the_reports_time(render):
    with zipfile.ZipFile(io.BytesIO(render(sample_report()))) as package:
        assert {member.date_time for member in package.infolist()} == {(2026, 12, 7, 9, 30, 0)}


@RENDERERS
def test_a_changed_figure_changes_the_bytes(render):
    report = sample_report()
    changed = sample_report(quality_notes=("A different note.",))
    assert render(report) != render(changed)


def test_summary_columns_are_every_status_any_row_counts_in_first_named_order():
    rows = layout.summary_rows(PRINTED)
    assert [row.label for row in rows] == ["Outcomes", "Outcomes as printed", "Delivery", "Delivery as printed"]
    assert layout.summary_columns(rows) == [
        "Green",
        "Amber",
        "Red",
        "Not available",
        "Not measurable yet",
        "No judgement recorded",
    ]
