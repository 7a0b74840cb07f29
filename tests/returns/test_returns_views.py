"""Return pages: the permission matrix (with forged POSTs), the page, the error summary, the workflow by HTTP."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache

from core.periods import FinancialYear
from indicators.models import Indicator, Measurement, Target
from partnerships.models import Milestone
from returns import services
from returns.models import Return
from returns.services import Entry
from tests.returns.conftest import decision_url, figures, return_url, submit, submit_url

pytestmark = pytest.mark.django_db


def _snapshot():
    """Everything a return request could write."""
    return (
        sorted(Measurement.objects.values_list("pk", "value", "commentary", "return_record")),
        sorted(Return.objects.values_list("pk", "status", "version", "returned_reason")),
        sorted(Milestone.objects.values_list("pk", "status", "note")),
    )


def _user(persona, request):
    if persona == "anonymous":
        return None
    return request.getfixturevalue(persona)


def _submitted_blaby(open_quarter, blaby, blaby_manager, li11):
    record = services.return_save_draft(
        reporting_quarter=open_quarter,
        area=blaby,
        user=blaby_manager,
        version=0,
        entries=[Entry(indicator=li11, value=Decimal(95))],
    )
    return services.return_submit(
        reporting_quarter=open_quarter, area=blaby, user=blaby_manager, version=record.version
    )


# persona, action, area ("own" = Blaby, the blaby manager's area), expected status
MATRIX = [
    ("anonymous", "view", "blaby", 302),
    ("anonymous", "save", "blaby", 302),
    ("anonymous", "approve", "blaby", 302),
    ("anonymous", "confirm", "blaby", 302),
    ("no_role_user", "view", "blaby", 403),
    ("no_role_user", "save", "blaby", 403),
    ("no_role_user", "approve", "blaby", 403),
    ("no_role_user", "confirm", "blaby", 403),
    ("blaby_manager", "view", "blaby", 200),
    ("blaby_manager", "save", "blaby", 302),
    ("blaby_manager", "review", "blaby", 302),
    ("blaby_manager", "confirm", "blaby", 302),
    ("blaby_manager", "view", "melton", 403),
    ("blaby_manager", "save", "melton", 403),
    ("blaby_manager", "review", "melton", 403),
    ("blaby_manager", "confirm", "melton", 403),
    ("blaby_manager", "approve", "blaby", 403),
    ("blaby_manager", "send_back", "blaby", 403),
    ("blaby_manager", "save_submitted", "blaby", 409),
    ("melton_manager", "view", "blaby", 403),
    ("melton_manager", "save", "blaby", 403),
    ("melton_manager", "review", "blaby", 403),
    ("melton_manager", "confirm", "blaby", 403),
    ("melton_manager", "approve", "blaby", 403),
    ("board_officer", "view", "blaby", 200),
    ("board_officer", "view", "melton", 200),
    ("board_officer", "save", "blaby", 403),
    ("board_officer", "review", "blaby", 403),
    ("board_officer", "confirm", "blaby", 403),
    ("board_officer", "approve", "blaby", 302),
    ("board_officer", "send_back", "blaby", 302),
    ("board_officer", "approve_draft", "blaby", 409),
    ("administrator", "view", "blaby", 200),
    ("administrator", "save", "blaby", 403),
    ("administrator", "approve", "blaby", 403),
    ("administrator", "confirm", "blaby", 403),
]
WRITES = {  # the only rows that write: every other row must leave the database as it was
    ("blaby_manager", "save", "blaby"),
    ("blaby_manager", "review", "blaby"),
    ("blaby_manager", "confirm", "blaby"),
    ("board_officer", "approve", "blaby"),
    ("board_officer", "send_back", "blaby"),
}


@pytest.mark.parametrize(("persona", "action", "area_name", "expected"), MATRIX)
def test_permission_matrix(
    client, request, open_quarter, ni20, li11, blaby_manager, persona, action, area_name, expected
):
    area = request.getfixturevalue(area_name)
    blaby = request.getfixturevalue("blaby")
    if action in ("approve", "send_back", "save_submitted"):
        record = _submitted_blaby(open_quarter, blaby, blaby_manager, li11)
    elif action in ("approve_draft", "confirm"):
        record = services.return_save_draft(
            reporting_quarter=open_quarter, area=blaby, user=blaby_manager, version=0, entries=[]
        )
    else:
        record = None
    user = _user(persona, request)
    if user:
        client.force_login(user)
    before = _snapshot()

    if action == "view":
        response = client.get(return_url(open_quarter, area))
    elif action in ("save", "review"):
        response = client.post(return_url(open_quarter, area), figures(ni20, li11, action=action))
    elif action == "confirm":
        response = client.post(submit_url(open_quarter, area), {"version": record.version})
    elif action == "save_submitted":
        response = client.post(return_url(open_quarter, area), figures(ni20, li11, version=record.version))
    else:
        decision = "approve" if action.startswith("approve") else "send_back"
        response = client.post(
            decision_url(open_quarter, area),
            {"version": record.version, "decision": decision, "reason": "Check LI 11"},
        )

    assert response.status_code == expected
    if expected == 302 and persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if (persona, action, area_name) in WRITES:
        assert _snapshot() != before
    else:
        assert _snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/returns/2010-11-q3/leicestershire/",
        "/returns/2010-11-q3/atlantis/",
        "/returns/2009-10-q1/blaby/",
        "/returns/2010-12-q3/blaby/",
        "/returns/q3/blaby/",
    ],
)
def test_areas_and_quarters_without_returns_are_not_found(client, board_officer, open_quarter, path):
    client.force_login(board_officer)
    assert client.get(path).status_code == 404
    assert (
        client.post(path.replace("/blaby/", "/blaby/decision/"), {"decision": "approve", "version": 0}).status_code
        == 404
    )


def test_a_manager_sees_their_open_return_on_the_index(client, blaby_manager, open_quarter):
    client.force_login(blaby_manager)
    soup = BeautifulSoup(client.get("/returns/").content, "html.parser")
    links = [a["href"] for a in soup.select("main table a")]
    assert links == ["/returns/2010-11-q3/blaby/"]


def test_a_board_officer_sees_every_districts_return(client, board_officer, open_quarter):
    client.force_login(board_officer)
    soup = BeautifulSoup(client.get("/returns/").content, "html.parser")
    assert len(soup.select("main table tbody tr")) == 7


def test_the_return_page_lists_each_indicator_with_unit_target_and_earlier_figures(
    client, blaby_manager, open_quarter, blaby, ni20, li11
):
    Measurement.objects.create(indicator=li11, area=blaby, year=FinancialYear(2009), quarter=3, value=88)
    Measurement.objects.create(indicator=li11, area=blaby, year=FinancialYear(2010), quarter=2, value=91)
    client.force_login(blaby_manager)
    soup = BeautifulSoup(client.get(return_url(open_quarter, blaby)).content, "html.parser")
    legends = [
        legend.get_text(" ", strip=True) for legend in soup.select("main fieldset.app-return-indicator > legend")
    ]
    assert [legend.split(" ")[0] + " " + legend.split(" ")[1] for legend in legends] == ["NI 20", "LI 11"]
    li11_facts = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in soup.select(f"#i{li11.pk}-facts dt")
    }
    assert li11_facts["Unit"] == "Count (higher is better)"
    assert li11_facts["Target due this quarter"] == "94"
    assert li11_facts["Same quarter last year"] == "88"
    assert li11_facts["Previous quarter"] == "91"
    ni20_facts = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in soup.select(f"#i{ni20.pk}-facts dt")
    }
    assert ni20_facts["Target due this quarter"] == "3.23"
    for name in (f"i{ni20.pk}-numerator", f"i{ni20.pk}-denominator", f"i{li11.pk}-value"):
        field = soup.find(attrs={"name": name})
        assert soup.find("label", attrs={"for": field["id"]}) is not None


def test_a_cumulative_indicator_shows_the_profiled_share_of_its_target(
    client, blaby_manager, open_quarter, blaby, li11
):
    Indicator.objects.filter(pk=li11.pk).update(is_cumulative=True)
    client.force_login(blaby_manager)
    soup = BeautifulSoup(client.get(return_url(open_quarter, blaby)).content, "html.parser")
    due = soup.select(f"#i{li11.pk}-facts dd")[1].get_text(" ", strip=True)
    assert due.startswith("70 ")  # 94 × 0.75 = 70.5, shown to the indicator's 0 decimal places


def test_a_bad_value_shows_the_error_summary_and_keeps_what_was_typed(
    client, blaby_manager, open_quarter, blaby, ni20, li11
):
    client.force_login(blaby_manager)
    data = figures(ni20, li11, count="lots", action="review", **{f"i{ni20.pk}-commentary": "Typed words"})
    response = client.post(return_url(open_quarter, blaby), data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select(".govuk-error-summary__list a")
    assert [(a.get_text(strip=True), a["href"]) for a in summary] == [
        ("LI 11 (NI 40) figure must be a number, like 1,234 or 12.5", f"#id_i{li11.pk}-value")
    ]
    assert soup.select_one(f"#id_i{li11.pk}-value-error") is not None
    assert soup.select_one(f"#id_i{li11.pk}-value")["value"] == "lots"
    assert soup.select_one(f"#id_i{ni20.pk}-denominator")["value"] == "93,000"
    assert soup.select_one(f"#id_i{ni20.pk}-commentary").get_text() == "Typed words"
    assert not Return.objects.exists()
    assert soup.title.get_text().startswith("Error:")


def test_submitting_an_off_target_figure_needs_commentary(client, blaby_manager, open_quarter, blaby, ni20, li11):
    client.force_login(blaby_manager)
    response = client.post(return_url(open_quarter, blaby), figures(ni20, li11, count="50", action="review"))
    soup = BeautifulSoup(response.content, "html.parser")
    assert [a.get_text(strip=True) for a in soup.select(".govuk-error-summary__list a")] == [
        "Explain why LI 11 (NI 40) is off target (Red) and what is being done"
    ]
    assert not Return.objects.exists()
    data = figures(ni20, li11, count="50", **{f"i{li11.pk}-commentary": "Provider changed."})
    assert submit(client, open_quarter, blaby, data).status_code == 302
    assert Return.objects.get().status == "submitted"


def test_a_figure_out_of_line_with_history_is_confirmed_not_blocked(
    client, blaby_manager, open_quarter, blaby, ni20, li11
):
    Measurement.objects.create(indicator=li11, area=blaby, year=FinancialYear(2010), quarter=2, value=91)
    client.force_login(blaby_manager)
    response = client.post(return_url(open_quarter, blaby), figures(ni20, li11, count="950"))
    soup = BeautifulSoup(response.content, "html.parser")
    links = soup.select(".govuk-error-summary__list a")
    assert links[0]["href"] == f"#id_i{li11.pk}-confirm"
    assert "950 is more than double this area's earlier figures (91 to 91)" in links[0].get_text()
    assert not Return.objects.exists()
    confirmed = figures(ni20, li11, count="950", **{f"i{li11.pk}-confirm": "on"})
    assert client.post(return_url(open_quarter, blaby), confirmed).status_code == 302
    figure = Measurement.objects.get(indicator=li11, area=blaby, quarter=3)
    assert (figure.value, figure.outlier_confirmed) == (Decimal(950), True)


def test_a_rate_is_computed_from_numerator_and_denominator_and_shown(
    client, blaby_manager, open_quarter, blaby, ni20, li11
):
    client.force_login(blaby_manager)
    client.post(return_url(open_quarter, blaby), figures(ni20, li11, n="320", d="93,000"))
    figure = Measurement.objects.get(indicator=ni20, area=blaby, quarter=3)
    assert figure.value == Decimal("3.4409")
    soup = BeautifulSoup(client.get(return_url(open_quarter, blaby)).content, "html.parser")
    assert soup.select_one(f'[data-figure="{ni20.code}"]').get_text(" ", strip=True).startswith("3.44")


def test_a_stale_save_is_refused_and_shows_what_changed(client, blaby_manager, open_quarter, blaby, ni20, li11):
    client.force_login(blaby_manager)
    client.post(return_url(open_quarter, blaby), figures(ni20, li11, version=0, count="95"))
    client.post(return_url(open_quarter, blaby), figures(ni20, li11, version=1, count="97"))
    response = client.post(return_url(open_quarter, blaby), figures(ni20, li11, version=1, count="12"))
    assert response.status_code == 409
    soup = BeautifulSoup(response.content, "html.parser")
    changes = [[td.get_text(strip=True) for td in tr.select("td")][2:] for tr in soup.select("#conflict tbody tr")]
    assert changes == [["LI 11 (NI 40) figure", "95", "97"]]
    assert soup.select_one(f"#id_i{li11.pk}-value")["value"] == "12"  # what they typed is kept
    assert soup.select_one('input[name="version"]')["value"] == "2"  # saving again overwrites knowingly
    assert Measurement.objects.get(indicator=li11, area=blaby, quarter=3).value == Decimal(97)


def test_a_saved_figure_shows_at_the_next_request_though_the_page_is_kept(
    client, blaby_manager, board_officer, open_quarter, blaby, ni20, li11
):
    url = return_url(open_quarter, blaby)
    client.force_login(board_officer)
    assert client.get(url).status_code == 200  # kept for those who may not change it
    client.force_login(blaby_manager)
    assert "Not reported" in client.get(url).content.decode()  # kept with empty boxes for the manager
    assert client.post(url, figures(ni20, li11, count="95")).status_code == 302
    manager_page = BeautifulSoup(client.get(url).content, "html.parser")
    assert manager_page.select_one(f"#id_i{li11.pk}-value")["value"] == "95"
    assert manager_page.select_one(f'[data-figure="{li11.code}"]').get_text(" ", strip=True).startswith("95")
    client.force_login(board_officer)
    board_page = BeautifulSoup(client.get(url).content, "html.parser")
    assert board_page.select_one(f'[data-figure="{li11.code}"]').get_text(" ", strip=True).startswith("95")
    assert board_page.select(f"#id_i{li11.pk}-value") == []  # the manager's kept boxes are not theirs


def test_the_board_approves_and_the_figure_shows_as_approved(
    client, blaby_manager, board_officer, open_quarter, blaby, ni20, li11
):
    client.force_login(blaby_manager)
    submit(client, open_quarter, blaby, figures(ni20, li11))
    manager_page = BeautifulSoup(client.get(return_url(open_quarter, blaby)).content, "html.parser")
    assert manager_page.select("main form input[name^=i]") == []  # read-only after submit
    client.force_login(board_officer)
    response = client.post(
        decision_url(open_quarter, blaby), {"version": Return.objects.get().version, "decision": "approve"}
    )
    assert response.status_code == 302
    soup = BeautifulSoup(client.get(return_url(open_quarter, blaby)).content, "html.parser")
    assert soup.select_one("#return-status .govuk-tag").get_text(strip=True) == "Approved"
    history = [
        [td.get_text(strip=True) for td in tr.select("td")][1:] for tr in soup.select(".app-return-history tbody tr")
    ]
    assert ["Demo Board Officer", "Return return status", "Submitted", "Approved"] in history


def test_returning_without_a_reason_shows_an_error(client, blaby_manager, board_officer, open_quarter, blaby, li11):
    record = _submitted_blaby(open_quarter, blaby, blaby_manager, li11)
    client.force_login(board_officer)
    response = client.post(decision_url(open_quarter, blaby), {"version": record.version, "decision": "send_back"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert [a["href"] for a in soup.select(".govuk-error-summary__list a")] == ["#id_reason"]
    assert Return.objects.get().status == "submitted"


def test_the_manager_sees_why_a_return_came_back(client, blaby_manager, board_officer, open_quarter, blaby, li11):
    record = _submitted_blaby(open_quarter, blaby, blaby_manager, li11)
    services.return_send_back(record=record, user=board_officer, version=record.version, reason="LI 11 doubled?")
    client.force_login(blaby_manager)
    soup = BeautifulSoup(client.get(return_url(open_quarter, blaby)).content, "html.parser")
    assert "LI 11 doubled?" in soup.select_one(".govuk-warning-text").get_text()
    assert soup.select_one(f"#id_i{li11.pk}-value") is not None  # editable again


def test_a_closed_quarter_is_read_only_for_everyone(
    client, blaby_manager, administrator, open_quarter, blaby, ni20, li11
):
    services.quarter_close(reporting_quarter=open_quarter, user=administrator)
    client.force_login(blaby_manager)
    page = BeautifulSoup(client.get(return_url(open_quarter, blaby)).content, "html.parser")
    assert page.select(f"#id_i{li11.pk}-value") == []
    before = _snapshot()
    assert client.post(return_url(open_quarter, blaby), figures(ni20, li11)).status_code == 409
    assert _snapshot() == before


def test_milestones_are_updated_on_the_return(client, blaby_manager, open_quarter, blaby, ni20, li11, blaby_milestone):
    client.force_login(blaby_manager)
    data = figures(ni20, li11, **{f"m{blaby_milestone.pk}-status": "complete", f"m{blaby_milestone.pk}-note": "Done"})
    assert client.post(return_url(open_quarter, blaby), data).status_code == 302
    milestone = Milestone.objects.get(pk=blaby_milestone.pk)
    assert (milestone.status, milestone.note) == ("complete", "Done")


def test_the_return_page_query_count_does_not_grow_with_indicators(
    client, blaby_manager, open_quarter, blaby, ni20, li11, blaby_milestone, django_assert_max_num_queries
):
    client.force_login(blaby_manager)
    client.post(return_url(open_quarter, blaby), figures(ni20, li11))
    cache.clear()  # both counts are of the page computed afresh, not kept for the data version
    with django_assert_max_num_queries(30) as few:
        client.get(return_url(open_quarter, blaby))
    for n in range(12):
        extra = Indicator.objects.create(
            code=f"X {n}", title=f"Extra {n}", agreement=ni20.agreement, unit="count", polarity="higher"
        )
        Target.objects.create(indicator=extra, area=blaby, year=FinancialYear(2010), value=10)
        Measurement.objects.create(indicator=extra, area=blaby, year=FinancialYear(2010), quarter=2, value=9)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(return_url(open_quarter, blaby))
    assert len(BeautifulSoup(response.content, "html.parser").select("main fieldset.app-return-indicator")) == 14


def test_users_without_groups_do_not_become_managers(client, open_quarter, blaby):
    user = get_user_model().objects.create_user("listed-only", password="x-listed-only-123")
    blaby.partnerships.get(slug="blaby-district-community-safety-partnership").managers.add(user)
    client.force_login(user)
    assert client.get(return_url(open_quarter, blaby)).status_code == 403
