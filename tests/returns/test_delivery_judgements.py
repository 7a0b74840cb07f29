"""Delivery judgements entered on the return: saved with the figures, checked by the one rule, seen by the Board."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from core.periods import FinancialYear
from indicators.models import DeliveryJudgement, Measurement, ReportedSummary
from indicators.services import record_delivery_judgement
from returns import services
from returns.models import Return
from returns.services import Entry, Judgement
from tests.returns.conftest import figures, return_url, submit, submit_url

pytestmark = pytest.mark.django_db

REASON = "Night-time economy patrols lost two officers; the partnership is funding overtime until March."


def _amber(li11, reason=REASON):
    return {f"i{li11.pk}-delivery": "amber", f"i{li11.pk}-delivery_reason": reason}


def _save_amber_draft(reporting_quarter, area, user, li11):
    """Amber on LI 11 through the service itself, as a first draft (version 0)."""
    return services.return_save_draft(
        reporting_quarter=reporting_quarter,
        area=area,
        user=user,
        version=0,
        judgements=[Judgement(indicator=li11, status="amber", reason=REASON)],
    )


def _snapshot():
    """Everything a return request could write."""
    return (
        sorted(Measurement.objects.values_list("pk", "value", "commentary", "return_record")),
        sorted(Return.objects.values_list("pk", "status", "version")),
        sorted(DeliveryJudgement.objects.values_list("pk", "status", "reason")),
        DeliveryJudgement.history.count(),
    )


def _text(response, selector="main"):
    return BeautifulSoup(response.content, "html.parser").select_one(selector).get_text(" ", strip=True)


def test_a_manager_records_amber_on_the_return_and_the_board_sees_it(
    client, blaby_manager, board_officer, open_quarter, blaby, ni20, li11
):
    client.force_login(blaby_manager)
    assert client.post(return_url(open_quarter, blaby), figures(ni20, li11, **_amber(li11))).status_code == 302

    judgement = DeliveryJudgement.objects.get(indicator=li11, area=blaby, year=FinancialYear(2010), quarter=3)
    assert (judgement.status, judgement.reason, judgement.entered_by) == ("amber", REASON, blaby_manager)
    assert judgement.source == "Blaby quarterly return, 2010/11 Q3"
    assert Measurement.objects.get(indicator=li11, area=blaby, year=FinancialYear(2010), quarter=3).value == 95

    client.force_login(board_officer)
    panel = BeautifulSoup(client.get(f"{li11.get_absolute_url()}?area=blaby").content, "html.parser")
    rows = [tr.get_text(" ", strip=True) for tr in panel.select("#judgements-caption ~ tbody tr")]
    assert [row for row in rows if "Blaby" in row] == [
        f"2010/11 Q3 Blaby Amber – arrangements at risk {REASON} Source: Blaby quarterly return, 2010/11 Q3"
    ]
    shown = _text(client.get(return_url(open_quarter, blaby)), f"[data-delivery='{li11.code}']")
    assert shown == f"Delivery judgement: Amber – arrangements at risk {REASON}"


def test_the_dashboard_counts_the_district_judgement_beside_the_reported_delivery_row(
    client, blaby_manager, board_officer, open_quarter, blaby, ni20, li11
):
    # A test row standing for a published report's delivery counts for Blaby (not seed data).
    ReportedSummary.objects.create(
        document="Test report",
        area=blaby,
        year=FinancialYear(2010),
        quarter=3,
        scope=ReportedSummary.Scope.ALL,
        measure=ReportedSummary.Measure.DELIVERY,
        green=0,
        amber=1,
        red=0,
        source="test",
    )
    dashboard = "/?area=blaby&year=2010/11&quarter=3"
    client.force_login(board_officer)
    computed_before = [td.get_text(strip=True) for td in _cells(client, dashboard)]

    client.force_login(blaby_manager)
    assert client.post(return_url(open_quarter, blaby), figures(ni20, li11, **_amber(li11))).status_code == 302

    client.force_login(board_officer)
    computed_after = [td.get_text(strip=True) for td in _cells(client, dashboard)]
    assert computed_before[1] == "9 indicators (No judgement recorded 9)"
    assert computed_after[1] == "9 indicators (Amber 1, No judgement recorded 8)"


def _cells(client, url):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return page.select_one("#reported-caption").find_parent("table").select("tbody tr td")


def test_amber_without_a_reason_shows_the_error_summary_saves_nothing_and_keeps_the_figures(
    client, blaby_manager, open_quarter, blaby, ni20, li11
):
    client.force_login(blaby_manager)
    before = _snapshot()
    response = client.post(return_url(open_quarter, blaby), figures(ni20, li11, count="123", **_amber(li11, "  ")))
    assert response.status_code == 200
    assert _snapshot() == before
    page = BeautifulSoup(response.content, "html.parser")
    summary = page.select_one(".govuk-error-summary")
    link = summary.select_one(f"a[href='#id_i{li11.pk}-delivery_reason']")
    assert link.get_text(strip=True).startswith(f"{li11.code}: Give the reason for the delivery judgement")
    assert page.select_one(f"#id_i{li11.pk}-value")["value"] == "123"
    assert page.select_one(f"#id_i{ni20.pk}-numerator")["value"] == "80"
    assert page.select_one(f"#id_i{li11.pk}-delivery_1").has_attr("checked")  # Amber stays chosen


def test_a_reason_without_a_status_asks_for_the_status(client, blaby_manager, open_quarter, blaby, ni20, li11):
    client.force_login(blaby_manager)
    before = _snapshot()
    data = figures(ni20, li11, **{f"i{li11.pk}-delivery_reason": REASON})
    page = BeautifulSoup(client.post(return_url(open_quarter, blaby), data).content, "html.parser")
    link = page.select_one(f".govuk-error-summary a[href='#id_i{li11.pk}-delivery']")
    assert link.get_text(strip=True) == f"{li11.code}: Choose Green, Amber or Red for the delivery judgement"
    assert _snapshot() == before


def test_no_judgement_is_optional_and_writes_none(client, blaby_manager, open_quarter, blaby, ni20, li11):
    client.force_login(blaby_manager)
    assert client.post(return_url(open_quarter, blaby), figures(ni20, li11)).status_code == 302
    assert not DeliveryJudgement.objects.filter(area=blaby).exists()


@pytest.mark.parametrize("persona", ["melton_manager", "board_officer", "administrator"])
def test_only_the_districts_manager_can_record_a_judgement_on_its_return(
    client, request, persona, open_quarter, blaby, ni20, li11
):
    client.force_login(request.getfixturevalue(persona))
    before = _snapshot()
    assert client.post(return_url(open_quarter, blaby), figures(ni20, li11, **_amber(li11))).status_code == 403
    assert _snapshot() == before


def test_the_service_refuses_another_districts_manager(open_quarter, blaby, melton_manager, li11):
    before = _snapshot()
    with pytest.raises(services.PermissionDenied):
        _save_amber_draft(open_quarter, blaby, melton_manager, li11)
    assert _snapshot() == before


def test_a_closed_quarter_refuses_a_judgement(client, blaby_manager, administrator, open_quarter, blaby, ni20, li11):
    services.quarter_close(reporting_quarter=open_quarter, user=administrator)
    client.force_login(blaby_manager)
    before = _snapshot()
    response = client.post(return_url(open_quarter, blaby), figures(ni20, li11, **_amber(li11)))
    assert response.status_code == 409
    assert _snapshot() == before
    page = BeautifulSoup(client.get(return_url(open_quarter, blaby)).content, "html.parser")
    assert page.select(f"#id_i{li11.pk}-delivery") == []
    with pytest.raises(services.QuarterClosed):
        _save_amber_draft(open_quarter, blaby, blaby_manager, li11)
    assert _snapshot() == before


def test_a_judgement_the_rule_refuses_rolls_back_the_figures_saved_with_it(open_quarter, blaby, blaby_manager, li11):
    before = _snapshot()
    with pytest.raises(services.ReturnError, match="Give the reason for the delivery judgement"):
        services.return_save_draft(
            reporting_quarter=open_quarter,
            area=blaby,
            user=blaby_manager,
            version=0,
            entries=[Entry(indicator=li11, value=Decimal(95))],
            judgements=[Judgement(indicator=li11, status="red", reason="")],
        )
    assert _snapshot() == before


def test_submitting_keeps_the_judgement_with_the_return(
    client, blaby_manager, board_officer, open_quarter, blaby, ni20, li11
):
    client.force_login(blaby_manager)
    data = figures(ni20, li11, **_amber(li11))
    assert client.post(return_url(open_quarter, blaby), data).status_code == 302
    check = client.get(submit_url(open_quarter, blaby))
    assert _text(check, f"[data-check-delivery='{li11.code}']") == f"Amber – arrangements at risk: {REASON}"
    assert submit(client, open_quarter, blaby, {**data, "version": "1"}).status_code == 302
    assert Return.objects.get(area=blaby, reporting_quarter=open_quarter).status == "submitted"
    assert DeliveryJudgement.objects.get(area=blaby, indicator=li11).status == "amber"
    assert DeliveryJudgement.history.filter(area=blaby, indicator=li11).count() == 1  # unchanged: not saved again

    client.force_login(board_officer)
    page = client.get(return_url(open_quarter, blaby))
    assert _text(page, f"[data-delivery='{li11.code}']").startswith("Delivery judgement: Amber")
    history = [
        [td.get_text(strip=True) for td in tr.select("td")[2:]]
        for tr in BeautifulSoup(page.content, "html.parser").select(".app-return-history tbody tr")
    ]
    assert [f"{li11.code} delivery judgement", "—", "Amber – arrangements at risk"] in history
    assert [f"{li11.code} delivery judgement reason", "—", REASON] in history


def test_a_changed_judgement_keeps_its_history(client, blaby_manager, open_quarter, blaby, ni20, li11):
    client.force_login(blaby_manager)
    client.post(return_url(open_quarter, blaby), figures(ni20, li11, **_amber(li11)))
    data = figures(
        ni20, li11, version=1, **{f"i{li11.pk}-delivery": "green", f"i{li11.pk}-delivery_reason": "Overtime agreed."}
    )
    assert client.post(return_url(open_quarter, blaby), data).status_code == 302
    assert list(
        DeliveryJudgement.history.filter(area=blaby, indicator=li11).order_by("history_date").values_list("status")
    ) == [("amber",), ("green",)]
    page = BeautifulSoup(client.get(return_url(open_quarter, blaby)).content, "html.parser")
    assert page.select_one(f"#id_i{li11.pk}-delivery").get("value") == "green"
    assert page.select_one(f"#id_i{li11.pk}-delivery").has_attr("checked")


def test_save_draft_is_still_the_first_button_so_enter_never_submits(client, blaby_manager, open_quarter, blaby):
    client.force_login(blaby_manager)
    page = BeautifulSoup(client.get(return_url(open_quarter, blaby)).content, "html.parser")
    first = page.select_one("main form button")
    assert (first["name"], first["value"]) == ("action", "save")


def test_a_coordinators_judgement_made_while_the_manager_had_the_return_open_is_not_overwritten(
    client, blaby_manager, board_officer, open_quarter, blaby, ni20, li11
):
    # The manager saved Amber (version 1) and kept the return open; the co-ordinator then recorded Red on the
    # indicator's delivery page, which does not move the return's version. The manager's next save sent the
    # Amber they still saw, and it silently replaced the co-ordinator's Red.
    client.force_login(blaby_manager)
    assert client.post(return_url(open_quarter, blaby), figures(ni20, li11, **_amber(li11))).status_code == 302
    red = "Two of the three hotspot operations were cancelled; the Board asked for a recovery plan."
    record_delivery_judgement(
        indicator=li11, area=blaby, year=FinancialYear(2010), quarter=3, status="red", reason=red,
        source="Co-ordinator's review", user=board_officer,
    )  # fmt: skip
    response = client.post(return_url(open_quarter, blaby), figures(ni20, li11, version=1, count="96", **_amber(li11)))
    assert response.status_code == 409
    judgement = DeliveryJudgement.objects.get(indicator=li11, area=blaby, year=FinancialYear(2010), quarter=3)
    assert (judgement.status, judgement.reason, judgement.entered_by) == ("red", red, board_officer)
    assert Measurement.objects.get(indicator=li11, area=blaby, year=FinancialYear(2010), quarter=3).value == 95
    assert "changed" in _text(response)
    # Having seen what changed, the manager may still save their own judgement: from the version now shown.
    current = Return.objects.get(area=blaby).version
    assert current == 2
    again = figures(ni20, li11, version=current, count="96", **_amber(li11))
    assert client.post(return_url(open_quarter, blaby), again).status_code == 302
    judgement.refresh_from_db()
    assert (judgement.status, judgement.entered_by) == ("amber", blaby_manager)
