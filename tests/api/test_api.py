"""The read API: who may read it, what it never shows, how it writes values, pages and errors."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from api.models import AccessToken
from api.tokens import token_hash
from indicators.models import Measurement
from tests.api.conftest import APPROVED_VALUE, DRAFT_VALUE, SUBMITTED_VALUE

pytestmark = pytest.mark.django_db

LISTS = [
    "areas",
    "partnerships",
    "agreements",
    "outcomes",
    "indicators",
    "baselines",
    "targets",
    "figures",
    "statuses?area=blaby",
    "grants",
    "allocations",
    "spend",
]


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(_body(response))))


# --- who sees what -----------------------------------------------------------------------------------


def test_anonymous_callers_are_refused_with_a_problem_when_open_data_is_off(client, seeded):
    response = client.get("/api/v1/figures")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["status"] == 401


def test_anyone_reads_published_figures_when_open_data_is_on(client, seeded, settings):
    settings.API_OPEN_DATA = True
    response = client.get("/api/v1/figures?indicator=NI 20&area=E07000129&period_from=2008/09&period_to=2008/09")
    assert response.status_code == 200
    [blaby_2008] = response.json()["results"]
    assert (blaby_2008["area"], blaby_2008["period"]["label"]) == ("Blaby", "2008/09")


def test_a_signed_in_person_reads_through_their_session(client, board_officer):
    client.force_login(board_officer)
    assert client.get("/api/v1/indicators").status_code == 200


def test_a_token_reads_the_api_and_a_wrong_or_revoked_one_is_refused_even_with_open_data(
    client, bearer, token, board_officer, settings
):
    settings.API_OPEN_DATA = True
    assert client.get("/api/v1/areas", **bearer).status_code == 200
    wrong = client.get("/api/v1/areas", HTTP_AUTHORIZATION="Bearer sc_not-a-token")
    assert wrong.status_code == 401
    assert "not recognised" in wrong.json()["detail"]
    AccessToken.objects.filter(user=board_officer).update(revoked_at="2026-01-01T00:00Z")
    assert client.get("/api/v1/areas", **bearer).status_code == 401


def test_a_token_of_a_deactivated_person_is_refused(client, bearer, board_officer):
    board_officer.is_active = False
    board_officer.save()
    assert client.get("/api/v1/areas", **bearer).status_code == 401


def test_only_the_tokens_hash_is_stored(token):
    stored = AccessToken.objects.get()
    assert stored.token_hash == token_hash(token)
    assert token not in json.dumps(list(AccessToken.objects.values()), default=str)


def test_a_token_is_throttled_with_retry_after(client, bearer, settings):
    settings.API_THROTTLE_PER_MINUTE = 3
    assert [client.get("/api/v1/areas", **bearer).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = client.get("/api/v1/areas", **bearer)
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_the_api_still_answers_when_the_throttle_cache_is_down(client, bearer, settings):
    """Redis restarting must not turn every API call into an error: the throttle lets calls through meanwhile."""
    from tests.pagecache.test_cache_down import REDIS_DOWN

    settings.API_THROTTLE_PER_MINUTE = 1
    settings.CACHES = REDIS_DOWN
    assert [client.get("/api/v1/areas", **bearer).status_code for _ in range(2)] == [200, 200]


def test_each_token_has_its_own_allowance(client, bearer, board_officer, settings):
    from api import services

    settings.API_THROTTLE_PER_MINUTE = 1
    _record, other = services.token_create(user=board_officer, name="R script")
    assert client.get("/api/v1/areas", **bearer).status_code == 200
    assert client.get("/api/v1/areas", **bearer).status_code == 429
    assert client.get("/api/v1/areas", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 200


def test_there_are_no_write_endpoints(client, bearer):
    for path in LISTS:
        response = client.post(f"/api/v1/{path}", **bearer)
        assert response.status_code == 405, path
        assert (response["Content-Type"], response["Allow"]) == ("application/problem+json", "GET")


@pytest.mark.parametrize("path", LISTS)
def test_no_draft_or_submitted_figure_is_reachable(client, bearer, unpublished, path):
    """Blaby's draft (0.8611) and Melton's submitted (0.8622) NI 20 figures for 2010/11 Q3: in no page, no CSV."""
    assert Measurement.objects.filter(value__in=[DRAFT_VALUE, SUBMITTED_VALUE]).count() == 2
    separator = "&" if "?" in path else "?"
    statuses = ["statuses?area=blaby&quarter=2010/11 Q3", "statuses?area=melton&quarter=2010/11 Q3"]
    for url in [path, *(statuses if path.startswith("statuses") else [])]:
        for variant in (f"{url}{separator}page_size=1000", f"{url}{separator}format=csv"):
            text = _body(client.get(f"/api/v1/{variant}", **bearer))
            assert "0.8611" not in text and "0.8622" not in text, variant


def test_an_approved_figure_appears_and_its_status_is_rated(client, bearer, blaby, blaby_manager, board_officer, ni20):
    from returns import services as returns_services
    from returns.models import ReportingQuarter
    from returns.services import Entry

    q3 = ReportingQuarter.objects.get(year=2010, quarter=3)
    record = returns_services.return_submit(
        reporting_quarter=q3, area=blaby, user=blaby_manager, version=0, entries=[Entry(ni20, APPROVED_VALUE)]
    )
    returns_services.return_approve(record=record, user=board_officer, version=record.version)
    figures = client.get("/api/v1/figures?indicator=ni-20&area=blaby&period_from=2010/11 Q3", **bearer).json()
    assert [(f["period"]["label"], f["value"]) for f in figures["results"]] == [("2010/11 Q3", "0.8633")]
    [status] = client.get("/api/v1/statuses?area=blaby&quarter=2010/11 Q3&indicator=NI 20", **bearer).json()["results"]
    assert status["figure"] == "0.8633"
    assert status["explanation"].startswith(status["status_label"])


# --- conventions -------------------------------------------------------------------------------------


def test_a_figure_carries_ids_natural_keys_a_period_label_with_dates_and_decimal_strings(client, bearer):
    response = client.get("/api/v1/figures?indicator=NI 20&area=blaby&period_to=2008/09", **bearer)
    [figure] = response.json()["results"]
    assert figure["indicator"] == "NI 20" and isinstance(figure["indicator_id"], int)
    assert figure["area_ons_code"] == "E07000129"
    assert figure["period"] == {
        "label": "2008/09",
        "start": "2008-04-01",
        "end": "2009-03-31",
        "financial_year": "2008/09",
        "quarter": None,
    }
    assert isinstance(figure["value"], str) and Decimal(figure["value"]) > 0


def test_a_target_gives_the_rule_the_stated_and_derived_values_and_the_flag(client, bearer):
    rows = client.get("/api/v1/targets?indicator=NI 20&area=leicestershire&year=2010/11", **bearer).json()["results"]
    primary = next(t for t in rows if not t["is_indicative"])
    assert primary["rule_text"] == "Further 3 % reduction from 2008/09 figure (3427 – 6% = 3221) (5.4 – 6% = 5.08)"
    assert (primary["stated_value"], primary["derived_value"], primary["derivation_disagrees"]) == (
        "5.08",
        "5.08",
        False,
    )


def test_pages_link_to_each_other_in_the_body_and_the_link_header(client, bearer):
    """A small list pages by number (the large ones by cursor: test_keyset.py)."""
    first = client.get("/api/v1/areas?page_size=2", **bearer)
    body = first.json()
    assert body["previous"] is None and "page=2" in body["next"]
    assert first["Link"] == f'<{body["next"]}>; rel="next"'
    second = client.get(body["next"], **bearer).json()
    assert "page=1" in second["previous"]
    assert {a["id"] for a in body["results"]}.isdisjoint(a["id"] for a in second["results"])


def test_the_order_is_stable_across_pages(client, bearer):
    whole = [f["id"] for f in client.get("/api/v1/figures?page_size=1000", **bearer).json()["results"]]
    paged = []
    for page in range(1, 4):
        paged += [f["id"] for f in client.get(f"/api/v1/figures?page_size=7&page={page}", **bearer).json()["results"]]
    assert paged == whole[:21]


def test_every_list_answers_csv_by_parameter_or_accept_header(client, bearer):
    by_parameter = client.get("/api/v1/figures?indicator=NI 20&format=csv", **bearer)
    by_header = client.get("/api/v1/figures?indicator=NI 20", HTTP_ACCEPT="text/csv", **bearer)
    assert by_parameter["Content-Type"].startswith("text/csv")
    text = _body(by_parameter)
    assert text == _body(by_header)
    rows = list(csv.DictReader(io.StringIO(text)))
    paged = client.get("/api/v1/figures?indicator=NI 20&page_size=1000", **bearer).json()["results"]
    assert len(rows) == len(paged)
    assert rows[0]["period_label"] == paged[0]["period"]["label"]
    assert rows[0]["period_start"] == paged[0]["period"]["start"]


def test_csv_text_that_a_spreadsheet_would_run_is_neutralised(client, bearer, ni20, blaby):
    Measurement.objects.filter(indicator=ni20, area=blaby).update(commentary='=HYPERLINK("http://x")')
    rows = _csv(client.get("/api/v1/figures?indicator=NI 20&area=blaby&format=csv", **bearer))
    assert rows and all(r["commentary"] == '\'=HYPERLINK("http://x")' for r in rows)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/figures?period_from=2009/11", 400),
        ("/api/v1/figures?page_size=1001", 400),
        ("/api/v1/figures?page=0", 400),
        ("/api/v1/statuses", 400),
        ("/api/v1/statuses?area=nowhere", 404),
        ("/api/v1/no-such-thing", 404),
    ],
)
def test_errors_are_problem_details(client, bearer, path, status):
    response = client.get(path, **bearer)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["title"] and problem["detail"]


def test_the_openapi_document_is_3_1_and_lists_every_resource(client, seeded):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert {path.removeprefix("/api/v1/") for path in document["paths"]} == {p.split("?")[0] for p in LISTS}
    figures = document["paths"]["/api/v1/figures"]["get"]["responses"]
    assert set(figures["200"]["content"]) == {"application/json", "text/csv"}
    assert set(figures["400"]["content"]) == {"application/problem+json"}


def test_the_documentation_page_loads_swagger_ui_from_our_own_static_files(client, seeded):
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/dist/swagger-ui/swagger-ui-bundle" in html
    assert "http" not in html.split("<body>")[1].replace(reverse("api:openapi-json"), "")


def test_csv_writes_negative_decimals_as_numbers_not_escaped_text(client, bearer):
    """NI 18's target is 9.64% below the predicted rate: "-9.64" in the CSV, with no apostrophe before it."""
    rows = _csv(client.get("/api/v1/targets?indicator=NI 18&area=leicestershire&year=2010/11&format=csv", **bearer))
    assert [r["stated_value"] for r in rows if r["is_indicative"] == "false"] == ["-9.64"]
