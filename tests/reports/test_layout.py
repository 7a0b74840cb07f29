"""What the Word and Excel reports share: byte-stable files and the summary table's columns (no database)."""

import io
import time
import types
import zipfile
from dataclasses import replace

import pytest

from reports import formats, layout
from tests.reports.sample import PRINTED, RED, sample_report

# Through the format registry, so a wrong dotted path there fails here too.
RENDERERS = pytest.mark.parametrize("key", ["docx", "xlsx"])


@RENDERERS
def test_the_same_report_gives_the_same_bytes_an_hour_later(key, monkeypatch):
    report = sample_report()
    first = formats.render(report, key)
    later = time.time() + 3600  # the zip writer stamps members with the time of saving
    monkeypatch.setattr(zipfile, "time", types.SimpleNamespace(time=lambda: later, localtime=time.localtime))
    assert formats.render(report, key) == first


@RENDERERS
def test_every_file_in_the_package_is_stamped_with_the_reports_time(key):
    with zipfile.ZipFile(io.BytesIO(formats.render(sample_report(), key))) as package:
        assert {member.date_time for member in package.infolist()} == {(2026, 12, 7, 9, 30, 0)}


@RENDERERS
def test_a_changed_note_changes_the_bytes(key):
    changed = sample_report(quality_notes=("A different note.",))
    assert formats.render(sample_report(), key) != formats.render(changed, key)


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


@RENDERERS
def test_a_commentary_pasted_with_a_control_character_still_renders_without_it(key):
    pasted = replace(RED, commentary="Burglary\x0bup\x0c in Blaby")
    data = formats.render(sample_report(exceptions=(pasted,), appendix=(pasted,)), key)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        text = b"".join(package.read(name) for name in package.namelist() if name.endswith(".xml"))
    assert b"Burglaryup in Blaby" in text
