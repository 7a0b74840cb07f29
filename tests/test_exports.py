"""Every download the site offers, found from the pages themselves: no cell a spreadsheet would run as a formula.

Text a user or an administrator typed (a spend item, commentary, an allocation's label, a grant's or a
partnership's name) can start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return. In a CSV or an XLSX
file such a cell would be a live formula (``=HYPERLINK(...)`` sends the reader to another site). The site's
exports and the admin's share one rule (``core.exports``); this test plants the strings everywhere and then
downloads every export link of every page, so a new export is covered without editing the test.
"""

from collections import Counter, deque
from decimal import Decimal
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import resolve

from funding.models import Allocation, FormulaComponent, FundingStream, Grant, SpendLine
from indicators.models import Baseline, Indicator, Measurement, Target
from partnerships.models import Area, HeadlineAction, Milestone, Partnership, PriorityTheme
from tests.exports import export_format, export_links, live_csv_cells, live_xlsx_cells, rows_of

FORMULAS = ['=HYPERLINK("http://example.invalid","click")', "=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
START_PAGES = [
    "/",
    "/indicators/",
    "/partnerships/",
    "/funding/",
    "/funding/partnerships/",
    "/data-quality/",
    "/returns/",
]
# Every table the site offers as a download today (page, table): the crawl must find at least these.
EVERY_TABLE = {
    ("dashboard", "indicators"),
    ("data_quality", "targets"),
    ("data_quality", "districts"),
    ("data_quality", "totals"),
    ("indicators:detail", "trend"),
    ("indicators:detail", "districts"),
    ("indicators:detail", "baselines"),
    ("indicators:detail", "targets"),
    ("partnerships:detail", "performance"),
    ("partnerships:detail", "actions"),
    ("partnerships:detail", "money"),
    ("partnerships:detail", "grants"),
    ("partnerships:detail", "allocations"),
    ("funding:index", "grants"),
    ("funding:index", "totals"),
    ("funding:partnerships", "allocations"),
    ("funding:grant", "allocations"),
    ("funding:grant", "spend"),
    ("funding:allocation", "spend"),
    ("funding:allocation", "lines"),
    ("funding:formula", "formula"),
    ("returns:index", "returns"),
}
PAGES_PER_VIEW = 3  # enough to meet every table a page kind shows, without walking every grant and allocation


def _plant(n: int, prefix: str = "") -> str:
    """The n-th formula string (cycling), made unique with a suffix where the field must be unique."""
    return f"{FORMULAS[n % len(FORMULAS)]}{prefix}"


@pytest.fixture
def planted(seeded, administrator):
    """Formula strings in every free-text field that reaches a page's table; returns the pages that show them."""
    grant = Grant.objects.get(title="Community Safety Fund Safer Leicester Partnership 2012/13")
    allocation = Allocation.objects.get(grant=grant, label="IOM")
    for n, quarter in enumerate((1, 2, 3)):
        SpendLine.objects.create(
            allocation=allocation,
            year=2012,
            quarter=quarter,
            item=_plant(n),
            amount=10 + n,
            amount_text=_plant(n + 3),
            commentary=_plant(n + 1),
            entered_by=administrator,
        )
    Allocation.objects.filter(grant=grant).update(heading="+SUM(A1)", amount_note="@SUM(A1)")
    for n, pk in enumerate(Allocation.objects.filter(grant=grant).values_list("pk", flat=True)):
        Allocation.objects.filter(pk=pk).update(label=_plant(n, f" {n}"))
    Grant.objects.filter(pk=grant.pk).update(title=_plant(0, " grant"), period_text="-Apr 2012")
    FundingStream.objects.filter(pk=grant.stream_id).update(name=_plant(2, " stream"))
    slp = Partnership.objects.get(name="Safer Leicester Partnership")
    Partnership.objects.filter(pk=slp.pk).update(name=_plant(1, " partnership"))
    for n, pk in enumerate(FormulaComponent.objects.values_list("pk", flat=True)):
        FormulaComponent.objects.filter(pk=pk).update(name=_plant(n, f" c{n}"))
    Measurement.objects.filter(indicator__code="NI 20").update(commentary=_plant(1, " commentary"))
    Indicator.objects.filter(code="NI 20").update(title=_plant(2, " title"))
    Target.objects.filter(indicator__code="NI 20").update(rule_text=_plant(3, " rule"))
    Baseline.objects.filter(indicator__code="NI 20").update(value_text=_plant(4, " as written"))
    Area.objects.filter(name="Melton").update(name=_plant(5, " Melton"))
    for n, pk in enumerate(PriorityTheme.objects.values_list("pk", flat=True)):
        PriorityTheme.objects.filter(pk=pk).update(name=_plant(n, f" theme {n}"))
    HeadlineAction.objects.update(title=_plant(0, " action"), lead="@lead")
    Milestone.objects.update(title="-milestone", note="=1+1 note")
    melton_csp = Partnership.objects.filter(areas__slug="melton").first()
    pages = [
        f"/funding/allocations/{allocation.pk}/",
        f"/funding/grants/{grant.pk}/",
        f"/partnerships/{slp.slug}/",
        "/indicators/ni-20/?district=melton",
        *([f"/partnerships/{melton_csp.slug}/"] if melton_csp else []),
        *(f"/partnerships/{p.slug}/" for p in Partnership.objects.filter(priorities__isnull=False).distinct()[:1]),
    ]
    return pages


def _crawl(client, first_pages):
    """Visit the site's pages from ``first_pages`` (a few of each kind) and return every export link they offer."""
    queue, seen, visited, links = deque(first_pages), set(first_pages), Counter(), []
    while queue:
        url = queue.popleft()
        view = resolve(urlsplit(url).path).view_name
        if visited[view] >= PAGES_PER_VIEW:
            continue
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        visited[view] += 1
        links.extend(
            href if href.startswith("/") else urlsplit(url).path + href for href in export_links(response.content)
        )
        for a in BeautifulSoup(response.content, "html.parser").find_all("a", href=True):
            href = a["href"]
            if href.startswith("?"):
                href = urlsplit(url).path + href
            if not href.startswith("/") or href.startswith(("/admin/", "/accounts/", "/static/", "//")):
                continue
            href = href.split("#")[0]
            if "_export=" in href or href in seen:
                continue
            seen.add(href)
            queue.append(href)
    return visited, sorted(set(links))


def test_no_export_of_the_site_holds_a_live_spreadsheet_formula(client, administrator, planted):
    client.force_login(administrator)
    visited, links = _crawl(client, [*planted, *START_PAGES])
    offered = {
        (resolve(urlsplit(link).path).view_name, parse_qs(urlsplit(link).query).get("_table", [""])[0])
        for link in links
    }
    assert offered >= EVERY_TABLE

    live, cells = {}, []
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        check = live_csv_cells if export_format(link) == "csv" else live_xlsx_cells
        if found := check(response.content):
            live[link] = found
        cells.extend(str(value) for row in rows_of(response) for value in row if value is not None)
    assert live == {}
    # The planted text reached the files (neutralised), so the check above looked at it.
    for planted_text in ["'" + FORMULAS[0], "'=1+1", "'+SUM(A1)"]:
        assert any(cell.startswith(planted_text) for cell in cells), planted_text


# --- Each page's downloads hold what the page shows -------------------------------------------------

PAGES = {
    "dashboard": "/?year=2009/10&quarter=2",
    "indicator": "/indicators/ni-20/?district=blaby",
    "partnership": "/partnerships/snwp/",
    "data quality": "/data-quality/",
    "returns": "/returns/",
    "funding": "/funding/",
    "money by partnership": "/funding/partnerships/",
}
# (page, table, the download column whose value each page row shows)
DOWNLOADS = [
    ("dashboard", "indicators", "Code"),
    ("indicator", "trend", "Period"),
    ("indicator", "districts", "District"),
    ("indicator", "baselines", "Period"),
    ("indicator", "targets", "Year"),
    ("partnership", "performance", "Indicator"),
    ("partnership", "actions", "Headline action"),
    ("partnership", "money", "Priority"),
    ("partnership", "grants", "Grant"),
    ("partnership", "allocations", "Line"),
    ("data quality", "targets", "Indicator"),
    ("data quality", "districts", "Where"),
    ("data quality", "totals", "Where"),
    ("returns", "returns", "Area"),
    ("funding", "grants", "Grant"),
    ("funding", "totals", "Stream"),
    ("money by partnership", "allocations", "Line"),
]


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def _page_tables(html: bytes, table: str):
    """The page's table(s) whose download link names ``table``: the table just before the link, and the
    tables before it with the same headings (a page repeats one table per area, priority or year)."""
    soup = BeautifulSoup(html, "html.parser")
    link = next(a for a in soup.select(".app-export-links a") if f"_table={table}" in a["href"])
    tables = []
    for element in link.find_parent("p").find_all_previous(["table", "p"]):
        if element.name == "p":
            if "app-export-links" in element.get("class", []):
                break
            continue
        headers = [_text(th) for th in element.thead.find_all("th")]
        if tables and headers != tables[0][0]:
            break
        tables.append((headers, element))
    rows = []
    for _, element in reversed(tables):
        rows.extend(
            [_text(cell) for cell in tr.find_all(["th", "td"])]
            for tr in element.tbody.find_all("tr")
            if not tr.find(attrs={"colspan": True})  # "Nothing to show" rows are not data
        )
    numeric = [_text(th) for th in tables[0][1].thead.find_all("th") if "govuk-table__header--numeric" in th["class"]]
    return tables[0][0], numeric, rows


@pytest.mark.parametrize("export_format_", ["csv", "xlsx"])
@pytest.mark.parametrize(("page", "table", "key"), DOWNLOADS)
def test_each_download_holds_the_rows_and_columns_of_its_table_on_the_page(
    client, board_officer, page, table, key, export_format_
):
    client.force_login(board_officer)
    url = PAGES[page]
    html = client.get(url).content
    links = [link for link in export_links(html) if f"_table={table}" in link]
    assert sorted(export_format(link) for link in links) == ["csv", "xlsx"]
    headers, numeric, page_rows = _page_tables(html, table)

    response = client.get(urljoin(url, next(link for link in links if export_format(link) == export_format_)))
    header, *rows = rows_of(response)
    assert set(headers) <= set(header), "every column the page shows is in the download"
    assert len(rows) == len(page_rows) > 0
    column = header.index(key)
    for row, page_row in zip(rows, page_rows, strict=True):
        assert str(row[column]) in " ".join(page_row)
    # Clean values: numbers as numbers (XLSX number cells), never "£" or a thousands comma.
    for name in numeric:
        values = [row[header.index(name)] for row in rows if row[header.index(name)] not in (None, "")]
        if export_format_ == "xlsx":
            assert all(isinstance(v, int | float) for v in values), (name, values)
        else:
            assert all(Decimal(v) is not None for v in values), (name, values)
