"""The Board report page: who may open it, its downloads, and the dashboard's one-click link."""

import io

import pypdf
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from reports import formats

URL = "/reports/board/"
COUNTY_Q3 = {"area": "leicestershire", "year": "2010/11", "quarter": "3"}


def test_anonymous_is_sent_to_sign_in(client, seeded):
    response = client.get(URL, COUNTY_Q3)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_csp_manager_cannot_open_another_districts_report(client, melton_manager):
    client.force_login(melton_manager)
    assert client.get(URL, {"area": "blaby"}).status_code == 403
    assert client.get(URL, {"area": "leicestershire"}).status_code == 403
    assert client.get(URL, {"area": "blaby", "format": "pdf"}).status_code == 403


def test_a_csp_manager_reads_their_own_districts_report(client, melton_manager):
    client.force_login(melton_manager)
    response = client.get(URL, {"area": "melton"})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert [o.text for o in page.select("#id_area option")] == ["Melton"]


@pytest.mark.parametrize("who", ["board_officer", "administrator"])
def test_board_officers_and_administrators_read_any_area(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL, {"area": "blaby", "year": "2008/09", "quarter": "4"})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.h1.text == "Safer Communities: quarterly performance report"
    assert "Blaby, 2008/09 Q4" in page.select_one(".app-report__caption").text


def test_the_form_shows_the_area_agreement_and_quarter_of_the_report_shown(client, board_officer):
    client.force_login(board_officer)
    page = BeautifulSoup(client.get(URL, {"area": "blaby", "year": "2009/10", "quarter": "2"}).content, "html.parser")
    chosen = {s["name"]: s.select_one("option[selected]").text for s in page.select(".app-report-controls select")}
    agreement = "Local Area Agreement 2008–11 (LAA2)"  # the agreement running in 2009/10
    assert chosen == {"area": "Blaby", "agreement": agreement, "year": "2009/10", "quarter": "Q2"}
    assert page.select_one("label[for=id_agreement]").text == "Agreement"


def test_the_page_offers_every_format_and_each_link_downloads(client, board_officer):
    client.force_login(board_officer)
    page = BeautifulSoup(client.get(URL, COUNTY_Q3).content, "html.parser")
    links = {a.text.split(":")[0]: a["href"] for a in page.select(".app-report-downloads a")}
    assert list(links) == [f.label for f in formats.FORMATS.values()]
    pdf = client.get(URL + links["PDF"], follow=True)  # built off the request: through its progress page
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="board-report-leicestershire-2010-11-q3.pdf"' in pdf["Content-Disposition"]
    assert "2010/11 Q3" in pypdf.PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    html = client.get(URL + links["Web page (HTML)"])
    assert html.content.startswith(b"<!DOCTYPE html>") and b"<style>" in html.content


def test_an_unknown_format_is_not_found_and_the_page_still_works(client, board_officer):
    client.force_login(board_officer)
    assert client.get(URL, {**COUNTY_Q3, "format": "nonsense"}).status_code == 404
    assert client.get(URL, COUNTY_Q3).status_code == 200


def test_the_dashboard_downloads_the_board_report_in_every_format_in_one_click(client, board_officer):
    client.force_login(board_officer)
    dashboard = BeautifulSoup(client.get("/", COUNTY_Q3).content, "html.parser")
    links = dashboard.select('p.app-board-report-links a[href*="format="]')
    assert [link.contents[0].strip() for link in links] == ["PDF", "Word (DOCX)", "Excel (XLSX)"]
    kinds = {}
    for link in links:
        response = client.get(link["href"], follow=True)  # PDF and DOCX through their progress page
        assert response.status_code == 200
        kinds[response["Content-Type"]] = response["Content-Disposition"]
    assert kinds == {
        "application/pdf": 'attachment; filename="board-report-leicestershire-2010-11-q3.pdf"',
        formats.FORMATS["docx"].content_type: 'attachment; filename="board-report-leicestershire-2010-11-q3.docx"',
        formats.FORMATS["xlsx"].content_type: 'attachment; filename="board-report-leicestershire-2010-11-q3.xlsx"',
    }


def test_the_dashboard_links_to_its_area_and_quarters_board_report_in_one_click(client, board_officer):
    client.force_login(board_officer)
    dashboard = BeautifulSoup(client.get("/", COUNTY_Q3).content, "html.parser")
    link = dashboard.select_one('a[href^="/reports/board/"]')
    assert link.text.startswith("Board report")
    assert link["href"] == "/reports/board/?area=leicestershire&year=2010/11&quarter=3"
    page = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    assert "Leicestershire, 2010/11 Q3" in page.select_one(".app-report__caption").text


def test_the_report_for_seed_003s_quarter_shows_the_printed_summary_beside_the_computed(client, board_officer):
    client.force_login(board_officer)
    response = client.get(URL, {"area": "leicestershire", "year": "2006/07", "quarter": "3"})
    page = BeautifulSoup(response.content, "html.parser")
    table = next(t for t in page.select("table") if t.caption.text.strip() == "All indicators: outcomes")
    reported = next(r for r in table.select("tbody tr") if r.th.text == "As reported")
    assert [td.text for td in reported.select("td")] == ["8", "4", "0", "6", "–", "18"]
    assert "£2.54m (approximate)" in page.select_one("#reward").find_next("p").text


def test_the_stylesheet_is_served_for_the_page(client, board_officer):
    client.force_login(board_officer)
    response = client.get(reverse("reports:stylesheet"))
    assert response["Content-Type"].startswith("text/css") and b"@page" in response.content
