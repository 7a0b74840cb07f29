"""The report as a standalone HTML document and a tagged PDF, from a hand-built report (no database)."""

import dataclasses
import io

import pypdf

from reports.document import html_bytes, pdf_bytes
from tests.reports.sample import AMBER, RED, sample_report


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_html_document_stands_alone_in_british_english():
    html = html_bytes(sample_report()).decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html
    assert "<title>Safer Communities: quarterly performance report: Leicestershire, 2010/11 Q3</title>" in html
    assert "<style>" in html and "size: A4" in html and "<link" not in html
    assert html.count("<svg") == 2  # one trend chart per exception, inline


def test_the_pdf_holds_the_summary_counts_and_every_red_indicators_code_and_commentary():
    pdf = pdf_bytes(sample_report())
    text = _text(pdf)
    assert (
        "Indicators 1 1 1 0 0 3" in text
    )  # All indicators, outcomes: Green Amber Red Not available Not measurable yet
    assert "Indicators 0 0 0 3 3" in text  # All indicators, delivery: no judgement recorded for the three
    assert RED.code in text and RED.commentary in " ".join(text.split())
    assert AMBER.code in text


def test_the_pdf_is_tagged_with_title_and_language():
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes(sample_report())))
    assert reader.metadata.title == "Safer Communities: quarterly performance report: Leicestershire, 2010/11 Q3"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_every_page_carries_the_quarter_and_area_and_its_number():
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes(sample_report())))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert "Leicestershire, 2010/11 Q3" in text
        assert f"Page {number} of {len(pages)}" in text
        assert "synthetic demonstration figures" in text  # the banner on every page


def test_a_report_with_no_synthetic_figure_has_no_banner():
    html = html_bytes(sample_report(synthetic=False)).decode()
    assert "Demonstration data" not in html


def test_a_trend_table_prints_every_figure_to_the_indicators_places():
    # NI 18's table read "-9.3" under "-9.11": a float's shortest form, not the indicator's two places.
    red = dataclasses.replace(RED, decimal_places=2)
    html = html_bytes(sample_report(exceptions=(red, AMBER))).decode()
    assert '<td class="app-report__num">13.00</td>' in html  # the series holds 13.0
    assert '<td class="app-report__num">12.40</td>' in html  # and 12.4
