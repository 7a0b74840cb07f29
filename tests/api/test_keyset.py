"""Cursor paging of the lists that grow with the country (figures, targets, baselines): every row once, in
order, both ways; a cursor that was not given is refused; a page costs the same queries at any depth."""

import csv
import io
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from core.periods import FinancialYear
from indicators.models import Measurement

pytestmark = pytest.mark.django_db

KEYSET_LISTS = ["figures", "targets", "baselines"]


def _csv_ids(client, bearer, path: str) -> list[int]:
    response = client.get(f"/api/v1/{path}{'&' if '?' in path else '?'}format=csv", **bearer)
    text = b"".join(response.streaming_content).decode()
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(text))]


def _walk(client, bearer, url: str, link: str) -> list[dict]:
    """Every page from ``url`` on, following ``link`` ('next' or 'previous') until there is none."""
    pages = []
    while url:
        response = client.get(url, **bearer)
        assert response.status_code == 200, response.content
        pages.append(response.json())
        url = pages[-1][link]
    return pages


def _cursor(url: str) -> str:
    return parse_qs(urlsplit(url).query)["cursor"][0]


@pytest.mark.parametrize("name", KEYSET_LISTS)
def test_following_next_visits_every_row_once_in_the_lists_order_and_previous_walks_back(client, bearer, name):
    whole = _csv_ids(client, bearer, name)
    assert len(whole) > 9, "the seed gives each list enough rows for several pages"
    forward = _walk(client, bearer, f"/api/v1/{name}?page_size=3", "next")
    assert [row["id"] for page in forward for row in page["results"]] == whole
    assert forward[0]["previous"] is None and forward[-1]["next"] is None
    backward = _walk(client, bearer, forward[-1]["previous"], "previous")
    assert [[row["id"] for row in page["results"]] for page in backward] == [
        [row["id"] for row in page["results"]] for page in reversed(forward[:-1])
    ]


def test_whole_year_and_quarterly_figures_keep_their_order_across_page_boundaries(client, bearer, ni20, blaby):
    """A whole-year figure (no quarter) sorts after its year's quarters: cut Blaby's NI 20 series into pages of two."""
    series = {"indicator": ni20, "area": blaby, "commentary": "test figure"}
    Measurement.objects.create(**series, year=FinancialYear(2009), value=Decimal("3.3"))
    for year, quarter in [(2010, 1), (2009, 4), (2009, 1), (2009, 3), (2009, 2)]:
        Measurement.objects.create(**series, year=FinancialYear(year), quarter=quarter, value=Decimal("0.8"))
    expected = ["2008/09", "2009/10 Q1", "2009/10 Q2", "2009/10 Q3", "2009/10 Q4", "2009/10", "2010/11 Q1"]
    pages = _walk(client, bearer, "/api/v1/figures?indicator=NI 20&area=blaby&page_size=2", "next")
    assert [r["period"]["label"] for page in pages for r in page["results"]] == expected
    back = _walk(client, bearer, pages[-1]["previous"], "previous")
    assert [r["period"]["label"] for page in reversed(back) for r in page["results"]] == expected[:-1]


def test_links_carry_a_cursor_in_the_body_and_the_link_header(client, bearer):
    first = client.get("/api/v1/figures?indicator=NI 20&page_size=2", **bearer)
    body = first.json()
    assert body["page"] == 1 and body["previous"] is None
    assert "cursor=" in body["next"] and "page=" not in body["next"].replace("page_size", "")
    assert first["Link"] == f'<{body["next"]}>; rel="next"'
    second = client.get(body["next"], **bearer)
    assert second.json()["page"] is None
    assert second["Link"] == f'<{second.json()["next"]}>; rel="next", <{second.json()["previous"]}>; rel="prev"'
    assert client.get(second.json()["previous"], **bearer).json()["results"] == body["results"]


def test_a_page_asked_for_by_number_still_answers_and_links_onward_by_cursor(client, bearer):
    by_cursor = _walk(client, bearer, "/api/v1/figures?page_size=5", "next")[:3]
    by_number = client.get("/api/v1/figures?page_size=5&page=2", **bearer).json()
    assert by_number["page"] == 2
    assert by_number["results"] == by_cursor[1]["results"]
    assert client.get(by_number["next"], **bearer).json()["results"] == by_cursor[2]["results"]
    assert client.get(by_number["previous"], **bearer).json()["results"] == by_cursor[0]["results"]


def _refused(client, bearer, url: str) -> dict:
    response = client.get(url, **bearer)
    assert response.status_code == 400, url
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def test_a_cursor_altered_from_another_list_or_with_a_page_number_is_a_problem(client, bearer):
    next_figures = client.get("/api/v1/figures?page_size=2", **bearer).json()["next"]
    cursor = _cursor(next_figures)
    payload, signature = cursor.rsplit(":", 1)
    forged = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + ":" + signature
    assert "cursor" in _refused(client, bearer, f"/api/v1/figures?cursor={forged}")["detail"]
    assert "cursor" in _refused(client, bearer, f"/api/v1/targets?cursor={cursor}")["detail"]
    assert "cursor" in _refused(client, bearer, f"/api/v1/figures?cursor={cursor}&page=3")["detail"]
    _refused(client, bearer, "/api/v1/figures?cursor=not a cursor")


@pytest.mark.parametrize("name", KEYSET_LISTS)
def test_a_page_costs_the_same_queries_at_any_depth(client, bearer, name, django_assert_num_queries):
    """The token (one query), then one for the page: the first, one far in, and one back."""
    pages = _walk(client, bearer, f"/api/v1/{name}?page_size=3", "next")
    deep, back = pages[-2]["next"], pages[-1]["previous"]
    for url in (f"/api/v1/{name}?page_size=3", deep, back):
        with django_assert_num_queries(2):
            assert client.get(url, **bearer).status_code == 200


def test_the_openapi_document_describes_the_cursor_and_the_page_numbers_deprecation(client, seeded):
    document = client.get("/api/v1/openapi.json").json()
    for name in KEYSET_LISTS:
        parameters = {p["name"]: p for p in document["paths"][f"/api/v1/{name}"]["get"]["parameters"]}
        assert "next" in parameters["cursor"]["description"]
        assert parameters["page"]["schema"].get("deprecated") is True
    areas = {p["name"] for p in document["paths"]["/api/v1/areas"]["get"]["parameters"]}
    assert "cursor" not in areas and "page" in areas
