"""Recording spend: who may (server-side, whatever is posted), validation, one transaction, history, concurrency."""

from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from core.periods import Quarter
from funding import services
from funding.models import SpendLine
from funding.selectors import spend_fingerprint, spend_lines_for

Q1 = Quarter(2012, 1)
Q2 = Quarter(2012, 2)


def _url(allocation, slug="2012-13-q2"):
    return reverse("funding:spend", args=[allocation.pk, slug])


def _post(client, allocation, data, slug="2012-13-q2"):
    quarter = Q2 if slug == "2012-13-q2" else Q1
    payload = {"opened": spend_fingerprint(spend_lines_for(allocation, quarter)), **data}
    return client.post(_url(allocation, slug), payload)


def test_the_blaby_manager_records_blaby_spend(client, blaby_manager, blaby_csf):
    client.force_login(blaby_manager)
    assert client.get(_url(blaby_csf)).status_code == 200
    response = _post(client, blaby_csf, {"new-item": "Street pastors", "new-amount": "£1,234.50"})
    assert response.status_code == 302
    line = SpendLine.objects.get(allocation=blaby_csf)
    assert (line.year, line.quarter, line.item, line.amount) == (Q2.year, 2, "Street pastors", D("1234.50"))
    assert line.entered_by == blaby_manager
    history = list(line.history.all())
    assert len(history) == 1 and history[0].history_user == blaby_manager


@pytest.mark.parametrize("persona", ["melton_manager", "board_officer", "administrator"])
def test_anyone_but_the_partnerships_manager_gets_403_and_nothing_is_written(client, request, persona, blaby_csf):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(blaby_csf)).status_code == 403
    assert _post(client, blaby_csf, {"new-amount": "100"}).status_code == 403
    assert not SpendLine.objects.filter(allocation=blaby_csf).exists()


def test_anonymous_is_sent_to_sign_in_and_nothing_is_written(client, blaby_csf):
    response = _post(client, blaby_csf, {"new-amount": "100"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not SpendLine.objects.filter(allocation=blaby_csf).exists()


def test_a_forged_post_for_another_partnerships_allocation_writes_nothing(client, blaby_manager, iom_slp):
    client.force_login(blaby_manager)
    before = list(SpendLine.objects.filter(allocation=iom_slp).values_list("pk", "amount"))
    response = _post(client, iom_slp, {f"l{before[0][0]}-amount": "999999", "new-amount": "5"}, slug="2012-13-q1")
    assert response.status_code == 403
    assert list(SpendLine.objects.filter(allocation=iom_slp).values_list("pk", "amount")) == before


def _record(allocation, user, entry, *, quarter=Q2, opened=None):
    """One spend entry straight through the service (no page), made on the quarter's lines as they stand."""
    opened = spend_fingerprint(spend_lines_for(allocation, quarter)) if opened is None else opened
    services.spend_record(allocation=allocation, quarter=quarter, user=user, opened=opened, entries=[entry])


def _staffing(allocation, user, line, amount, *, opened=None):
    """Correct the seeded 2012/13 Q1 staffing line through the service."""
    entry = services.SpendEntry(amount=amount, item="Staffing", line=line)
    _record(allocation, user, entry, quarter=Q1, opened=opened)


def test_the_service_refuses_a_non_manager_too(melton_manager, blaby_csf):
    with pytest.raises(services.PermissionDenied):
        _record(blaby_csf, melton_manager, services.SpendEntry(amount=D("1")), opened=spend_fingerprint([]))
    assert not SpendLine.objects.filter(allocation=blaby_csf).exists()


def test_a_quarter_outside_the_grant_is_not_found(client, blaby_manager, blaby_csf):
    client.force_login(blaby_manager)
    assert client.get(_url(blaby_csf, "2014-15-q1")).status_code == 404
    assert client.get(_url(blaby_csf, "not-a-quarter")).status_code == 404


def test_bad_money_gets_an_error_summary_and_keeps_what_was_typed(client, blaby_manager, blaby_csf):
    client.force_login(blaby_manager)
    response = _post(client, blaby_csf, {"new-item": "Training", "new-amount": "twelve pounds"})
    assert response.status_code == 200  # the page again, with the errors (as returns do)
    page = BeautifulSoup(response.content, "html.parser")
    link = page.select_one(".govuk-error-summary a")
    assert link.get_text(strip=True) == "Amount spent must be a number, like 1,200 or 350.50"
    assert link["href"] == "#id_new-amount"
    assert page.select_one("#id_new-amount")["value"] == "twelve pounds"
    assert page.select_one("#id_new-item")["value"] == "Training"
    assert not SpendLine.objects.filter(allocation=blaby_csf).exists()


def test_an_empty_form_asks_for_the_amount(client, blaby_manager, blaby_csf):
    client.force_login(blaby_manager)
    response = _post(client, blaby_csf, {})
    assert response.status_code == 200  # the page again, with the errors (as returns do)
    assert "Enter the amount spent this quarter" in response.content.decode()


def test_the_slp_manager_corrects_a_seeded_line_and_history_keeps_old_and_new(client, slp_manager, iom_slp):
    client.force_login(slp_manager)
    line = SpendLine.objects.get(allocation=iom_slp, item="Staffing")
    response = _post(
        client, iom_slp, {f"l{line.pk}-amount": "14,000", f"l{line.pk}-commentary": "Corrected"}, slug="2012-13-q1"
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.amount == D("14000.00") and line.commentary == "Corrected"
    page = client.get(reverse("funding:allocation", args=[iom_slp.pk])).content.decode()
    assert "manager-slp" in page and "13750" in page


def test_a_stale_page_is_refused_with_a_conflict_and_nothing_is_overwritten(client, slp_manager, iom_slp):
    client.force_login(slp_manager)
    line = SpendLine.objects.get(allocation=iom_slp, item="Staffing")
    opened = spend_fingerprint(spend_lines_for(iom_slp, Q1))
    _staffing(iom_slp, slp_manager, line, D("15000"), opened=opened)
    response = client.post(
        _url(iom_slp, "2012-13-q1"), {"opened": opened, f"l{line.pk}-amount": "1", f"l{line.pk}-commentary": ""}
    )
    assert response.status_code == 409
    assert "Someone else changed this quarter" in response.content.decode()
    line.refresh_from_db()
    assert line.amount == D("15000.00")


def test_a_failing_line_rolls_back_the_whole_save(slp_manager, iom_slp):
    opened = spend_fingerprint(spend_lines_for(iom_slp, Q1))
    line = SpendLine.objects.get(allocation=iom_slp, item="Staffing")
    with pytest.raises(services.SpendError):
        services.spend_record(
            allocation=iom_slp,
            quarter=Q1,
            user=slp_manager,
            opened=opened,
            entries=[
                services.SpendEntry(amount=D("1"), item="Staffing", line=line),
                services.SpendEntry(amount=D("2"), item="Staffing"),  # a second 'Staffing' line
            ],
        )
    line.refresh_from_db()
    assert line.amount == D("13750.00")


def test_two_people_saving_the_same_quarter_the_second_sees_the_conflict_not_an_error_about_a_line_they_never_saw(
    client, blaby_manager, blaby_csf
):
    opened = spend_fingerprint(spend_lines_for(blaby_csf, Q2))  # both open the empty quarter
    client.force_login(blaby_manager)
    first = client.post(_url(blaby_csf), {"opened": opened, "new-item": "Street pastors", "new-amount": "100"})
    assert first.status_code == 302
    second = client.post(_url(blaby_csf), {"opened": opened, "new-item": "Training", "new-amount": "50"})
    assert second.status_code == 409
    page = BeautifulSoup(second.content, "html.parser")
    summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Someone else changed this quarter's spend after you opened the page" in summary
    assert "Enter the" not in summary  # no validation error about Street pastors
    rows = [[cell.get_text(strip=True) for cell in row.select("td")] for row in page.select("#conflict tbody tr")]
    assert sorted(row[1:] for row in rows) == [
        ["Demo CSP Manager, Blaby", "2012/13 Q2 Street pastors amount", "—", "100"],
        ["Demo CSP Manager, Blaby", "2012/13 Q2 Street pastors item", "—", "Street pastors"],
    ]
    assert page.select_one("#id_new-item")["value"] == "Training"  # what they typed is kept
    assert list(SpendLine.objects.filter(allocation=blaby_csf).values_list("item", flat=True)) == ["Street pastors"]


def test_the_conflict_lists_only_changes_made_after_the_page_was_opened(client, slp_manager, iom_slp):
    line = SpendLine.objects.get(allocation=iom_slp, item="Staffing")
    _staffing(iom_slp, slp_manager, line, D("14000"))
    opened = spend_fingerprint(spend_lines_for(iom_slp, Q1))  # the page is opened after that first correction
    line.refresh_from_db()
    _staffing(iom_slp, slp_manager, line, D("15000"), opened=opened)
    client.force_login(slp_manager)
    response = client.post(
        _url(iom_slp, "2012-13-q1"), {"opened": opened, f"l{line.pk}-amount": "1", f"l{line.pk}-commentary": ""}
    )
    assert response.status_code == 409
    page = BeautifulSoup(response.content, "html.parser")
    rows = [[cell.get_text(strip=True) for cell in row.select("td")] for row in page.select("#conflict tbody tr")]
    assert [row[1:] for row in rows] == [["manager-slp", "2012/13 Q1 Staffing amount", "14000", "15000"]]
    assert page.select_one(f"#id_l{line.pk}-amount")["value"] == "1"


@pytest.fixture
def closed_q2(seeded):
    from returns.models import ReportingQuarter

    return ReportingQuarter.objects.create(year=Q2.year, quarter=2, is_open=False)


def test_a_closed_quarters_spend_page_is_read_only_with_the_reason(client, slp_manager, iom_slp, closed_q2):
    from returns.models import ReportingQuarter

    ReportingQuarter.objects.create(year=Q1.year, quarter=1, is_open=False)
    client.force_login(slp_manager)
    response = client.get(_url(iom_slp, "2012-13-q1"))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert "2012/13 Q1 is closed, so nothing in it can change." in page.select_one("main").get_text(" ", strip=True)
    assert page.select("form#spend-form, input[name='new-amount'], button[type='submit'].govuk-button") == []
    assert "Staffing" in page.select_one("main").get_text(" ", strip=True)  # what was spent is still shown


def test_a_forged_post_to_a_closed_quarter_gets_409_and_writes_nothing(client, blaby_manager, blaby_csf, closed_q2):
    client.force_login(blaby_manager)
    response = _post(client, blaby_csf, {"new-item": "Street pastors", "new-amount": "100"})
    assert response.status_code == 409
    text = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "2012/13 Q2 is closed, so nothing in it can change." in text
    assert not SpendLine.objects.filter(allocation=blaby_csf).exists()


def test_the_service_refuses_spend_in_a_closed_quarter(blaby_manager, blaby_csf, closed_q2):
    with pytest.raises(services.SpendError, match="closed"):
        _record(blaby_csf, blaby_manager, services.SpendEntry(amount=D("1")), opened=spend_fingerprint([]))
    assert not SpendLine.objects.filter(allocation=blaby_csf).exists()


def test_an_open_reporting_quarter_takes_spend(client, blaby_manager, blaby_csf, closed_q2):
    closed_q2.is_open = True
    closed_q2.save()
    client.force_login(blaby_manager)
    assert _post(client, blaby_csf, {"new-amount": "100"}).status_code == 302
