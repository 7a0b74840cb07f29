"""The Board report as Word, read back with python-docx from the hand-built sample (no database)."""

import io
import zipfile
from dataclasses import replace
from datetime import datetime

import pytest
from docx import Document
from docx.oxml.ns import qn

from reports import layout
from reports.word import docx_bytes
from tests.reports.sample import AMBER, GREEN, PRINTED, RED, sample_report


def _read(report):
    return Document(io.BytesIO(docx_bytes(report)))


@pytest.fixture(scope="module")
def document():
    return _read(sample_report())


@pytest.fixture(scope="module")
def printed_document():
    return _read(sample_report(summaries=(PRINTED,), exceptions=(), synthetic=False))


def _table(document, caption):
    """The table whose alt-text title is ``caption``, as a list of rows of cell text."""
    for table in document.tables:
        if table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == caption:
            return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table captioned {caption!r}")


def _by_label(rows):
    header, *body = rows
    return {row[0]: dict(zip(header, row, strict=True)) for row in body}


def _headings(document):
    return [(p.text, p.style.name) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("Safer Communities: quarterly performance report", "Title"),
        ("Purpose and period", "Heading 1"),
        ("All indicators", "Heading 2"),
        ("Reward indicators", "Heading 2"),
        ("Indicators on Red", "Heading 2"),
        ("NI 16 Serious acquisitive crime rate", "Heading 3"),
        ("Indicators on Amber", "Heading 2"),
        ("NI 15 Serious violent crime rate", "Heading 3"),
        ("Reward at stake", "Heading 2"),
    ],
)
def test_headings_use_words_own_heading_styles(document, text, style):
    assert (text, style) in _headings(document)


def test_sections_come_in_seed_003s_order(document):
    assert [text for text, style in _headings(document) if style == "Heading 1"] == [
        "Purpose and period",
        "Summary",
        "Exceptions",
        "Districts",
        "Resources",
        "Appendix: every indicator",
        "Data-quality notes",
    ]


@pytest.mark.parametrize("summary", (*sample_report().summaries, PRINTED), ids=["all", "reward", "printed"])
@pytest.mark.parametrize("measure", ["outcomes", "delivery"])
def test_the_summary_tables_numbers_are_the_reports_counts(summary, measure):
    report = sample_report(summaries=(summary,), exceptions=())  # no charts to draw: quicker
    rows = _by_label(_table(_read(report), f"{summary.title}: status counts"))
    count = getattr(summary, measure)
    row = rows[measure.capitalize()]
    assert [int(row[column]) for column in count.columns] == list(count.counts)
    assert int(row["Total"]) == count.total


def test_the_printed_summary_sits_beside_the_computed_with_its_source_and_difference(printed_document):
    rows = _by_label(_table(printed_document, "All indicators: status counts"))
    assert list(rows) == ["Outcomes", "Outcomes as printed", "Delivery", "Delivery as printed"]
    assert [rows["Outcomes as printed"][c] for c in ("Green", "Amber", "Red", "Not available")] == ["8", "4", "0", "6"]
    assert rows["Outcomes as printed"]["Not measurable yet"] == ""  # not printed: blank, never an invented 0
    assert [rows["Delivery as printed"][c] for c in ("Green", "Amber", "Red")] == ["13", "3", "2"]
    text = [p.text for p in printed_document.paragraphs]
    assert "Rows marked “as printed” are from Scrutiny Commission report, 28 March 2007, paragraph 15." in text
    assert PRINTED.difference[0] in text


def _after(document, heading):
    """The body's tables and pictures after ``heading`` up to the next heading, as ("table", rows) or ("picture", descr)."""
    found, items = False, []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p") and element.pPr is not None and element.pPr.pStyle is not None:
            if found and element.pPr.pStyle.val.startswith("Heading"):
                break
            found = found or "".join(t.text for t in element.iter(qn("w:t"))) == heading
        elif found and element.tag == qn("w:tbl"):
            items.append(
                ("table", [["".join(t.text for t in tc.iter(qn("w:t"))) for tc in tr.tc_lst] for tr in element.tr_lst])
            )
        if found:
            items += [("picture", doc_pr.get("descr")) for doc_pr in element.iter(qn("wp:docPr"))]
    return items


@pytest.mark.parametrize("line", [RED, AMBER], ids=lambda line: line.code)
def test_every_exception_shows_its_facts_commentary_chart_and_the_charts_figures(document, line):
    (_, facts), (_, alt_text), (_, trend) = _after(document, f"{line.code} {line.title}")
    facts = dict(facts)
    assert (facts["Figure"], facts["Target due"], facts["Status"]) == (line.figure_text, line.target_text, line.status)
    assert facts["Reason"] == line.reason
    assert facts["Commentary"] == line.commentary
    assert line.code in alt_text and "table below" in alt_text
    assert trend[0] == ["Quarter", "Figure", "Target"]
    assert [row[0] for row in trend[1:]] == [point.label for point in line.trend]
    assert [float(row[1]) for row in trend[1:]] == [point.value for point in line.trend]


def test_red_exceptions_come_before_amber(document):
    headings = [text for text, _ in _headings(document)]
    assert headings.index("NI 16 Serious acquisitive crime rate") < headings.index("NI 15 Serious violent crime rate")


def test_a_status_with_no_exception_says_so():
    paragraphs = [p.text for p in _read(sample_report(exceptions=(RED,))).paragraphs]
    assert "No indicator is Amber." in paragraphs


def test_every_chart_is_a_png_picture_with_alt_text(document):
    pictures = document.inline_shapes
    assert len(pictures) == 2
    for picture in pictures:
        assert picture._inline.docPr.get("descr").startswith("Line chart of NI 1")
        blip = picture._inline.graphic.graphicData.pic.blipFill.blip.embed
        assert document.part.related_parts[blip].content_type == "image/png"


def test_every_table_has_a_repeating_header_row_and_no_row_splits_across_pages(document):
    assert len(document.tables) == 10
    for table in document.tables:
        assert table.style.name == "Table Grid"
        header, *body = table.rows
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in body)
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_no_font_is_set_outside_the_styles(document):
    # The council's template restyles a pasted report only if its text carries styles, not fonts.
    assert not list(document.element.body.iter(qn("w:rFonts")))
    assert not list(document.element.body.iter(qn("w:sz")))


def test_districts_resources_and_appendix_show_the_reports_values(document):
    districts = _by_label(_table(document, "Each district's status"))
    assert districts["NI 20 Assault with injury crime rate"]["Blaby"] == "Green (3.10 per 1,000)"
    assert districts["NI 20 Assault with injury crime rate"]["Charnwood"] == "Missing (No figure)"
    reward = _by_label(_table(document, "Reward at stake per reward target and in total"))
    assert reward["NI 20 Assault with injury crime rate"]["Reward at stake"] == "not stated in the documents"
    assert reward["Total"]["Reward at stake"] == "£2.54m (approximate)"
    assert "Payment rule: not stated in the documents." in [p.text for p in document.paragraphs]
    appendix = _by_label(_table(document, "Every indicator's line"))
    assert list(appendix) == [f"{line.code} {line.title}" for line in (GREEN, RED, AMBER)]
    assert appendix["NI 16 Serious acquisitive crime rate"]["Figure"] == "14.20 per 1,000 (synthetic)"


@pytest.mark.parametrize("synthetic", [True, False])
def test_the_demonstration_banner_is_in_the_body_and_on_every_page_only_when_synthetic(synthetic):
    document = _read(sample_report(synthetic=synthetic, exceptions=()))
    body = " ".join(p.text for p in document.paragraphs)
    header = document.sections[0].header.paragraphs[0].text
    assert ("These figures include synthetic demonstration data." in body) is synthetic
    assert ("Demonstration data" in header) is synthetic
    assert header.startswith("Leicestershire: 2010/11 Q3")


def test_the_document_is_titled_dated_from_the_report_in_uk_english_on_a4(document):
    properties = document.core_properties
    assert properties.title == "Safer Communities: quarterly performance report: Leicestershire, 2010/11 Q3"
    assert properties.language == "en-GB"
    assert properties.created == properties.modified == sample_report().generated_at
    default_language = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert default_language.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    assert (round(document.sections[0].page_width.mm), round(document.sections[0].page_height.mm)) == (210, 297)


def test_an_exception_without_commentary_or_trend_says_so_and_has_no_chart():
    bare = replace(RED, commentary="", trend=())
    document = _read(sample_report(exceptions=(bare,)))
    items = _after(document, "NI 16 Serious acquisitive crime rate")
    assert [kind for kind, _ in items] == ["table"]
    assert dict(items[0][1])["Commentary"] == "No commentary was entered on the return."
    assert not document.inline_shapes


def test_a_report_without_budgets_districts_or_notes_says_so_in_words():
    empty = replace(sample_report().resources, budgets=())
    report = sample_report(exceptions=(), districts=None, quality_notes=(), resources=empty)
    paragraphs = [p.text for p in _read(report).paragraphs]
    for words in (layout.NO_BUDGETS, layout.NO_DISTRICTS, layout.NO_QUALITY_NOTES):
        assert words in paragraphs


def test_the_package_carries_no_picture_of_another_document():
    with zipfile.ZipFile(io.BytesIO(docx_bytes(sample_report(exceptions=())))) as package:
        assert not [name for name in package.namelist() if "thumbnail" in name]


def test_the_file_names_this_product_as_its_application_not_the_template_it_came_from():
    # Word's File > Info showed "Microsoft Macintosh Word" and the template "Normal.dotm": python-docx's blank file's.
    with zipfile.ZipFile(io.BytesIO(docx_bytes(sample_report(exceptions=())))) as package:
        app = package.read("docProps/app.xml").decode()
    assert "<Application>Safer Communities</Application>" in app
    assert "Macintosh" not in app and "Normal.dotm" not in app


def test_the_date_is_written_without_a_leading_zero():
    report = sample_report(generated_at=datetime(2011, 1, 5, 8, 0), exceptions=())
    assert "Figures as at 5 January 2011, 08:00 UTC." in [p.text for p in _read(report).paragraphs]
