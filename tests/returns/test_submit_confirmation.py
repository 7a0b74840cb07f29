"""Submitting is a deliberate step: the return form's default (Enter) button saves a draft; "Check and submit"
saves the draft and shows what will be sent; only the confirmation's button submits."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from indicators.models import Measurement
from returns.models import Return
from tests.returns.conftest import figures, return_url, submit_url

pytestmark = pytest.mark.django_db


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_return_forms_first_button_saves_a_draft(client, blaby_manager, open_quarter, blaby):
    # Pressing Enter in a text box activates the form's first submit button (HTML "implicit submission").
    client.force_login(blaby_manager)
    form = _soup(client.get(return_url(open_quarter, blaby))).select_one("main form")
    buttons = form.select("button[type=submit], input[type=submit]")
    assert (buttons[0]["name"], buttons[0]["value"], buttons[0].get_text(strip=True)) == (
        "action",
        "save",
        "Save draft",
    )
    assert [b.get_text(strip=True) for b in buttons] == ["Save draft", "Check and submit to the Board"]


def test_posting_submit_to_the_return_form_only_saves_a_draft(client, blaby_manager, open_quarter, blaby, ni20, li11):
    client.force_login(blaby_manager)
    response = client.post(return_url(open_quarter, blaby), figures(ni20, li11, action="submit"))
    assert response.status_code == 302
    assert Return.objects.get().status == "draft"


def test_check_and_submit_saves_the_draft_and_shows_what_will_be_sent(
    client, blaby_manager, open_quarter, blaby, ni20, li11
):
    client.force_login(blaby_manager)
    data = figures(ni20, li11, count="95", action="review", **{f"i{li11.pk}-commentary": "Above target."})
    response = client.post(return_url(open_quarter, blaby), data)
    assert response.status_code == 302 and response["Location"] == submit_url(open_quarter, blaby)
    record = Return.objects.get()
    assert (record.status, record.version) == ("draft", 1)
    assert Measurement.objects.get(indicator=li11, area=blaby, quarter=3).value == Decimal(95)

    page = _soup(client.get(submit_url(open_quarter, blaby)))
    assert page.select_one('[data-check-figure="LI 11 (NI 40)"]').get_text(" ", strip=True) == "95 Green"
    assert page.select_one('[data-check-commentary="LI 11 (NI 40)"]').get_text(strip=True) == "Above target."
    assert page.select_one('[data-check-figure="NI 20"]').get_text(" ", strip=True).startswith("0.86")
    assert page.select_one('[data-check-commentary="NI 20"]').get_text(strip=True) == "None"
    assert page.select_one("main form input[name=version]")["value"] == "1"
    assert [b.get_text(strip=True) for b in page.select("main form button")] == ["Submit to the Board"]
    back = page.find("a", string="Go back and change")
    assert back["href"] == return_url(open_quarter, blaby)
    assert Return.objects.get().status == "draft"  # showing the check sends nothing


def test_confirming_submits_the_figures_that_were_shown(client, blaby_manager, open_quarter, blaby, ni20, li11):
    client.force_login(blaby_manager)
    client.post(return_url(open_quarter, blaby), figures(ni20, li11, count="95", action="review"))
    response = client.post(submit_url(open_quarter, blaby), {"version": "1"})
    assert response.status_code == 302 and response["Location"] == return_url(open_quarter, blaby)
    record = Return.objects.get()
    assert (record.status, record.submitted_by) == ("submitted", blaby_manager)
    assert Measurement.objects.get(indicator=li11, area=blaby, quarter=3).value == Decimal(95)


def test_a_confirmation_made_stale_by_another_save_is_refused(client, blaby_manager, open_quarter, blaby, ni20, li11):
    client.force_login(blaby_manager)
    client.post(return_url(open_quarter, blaby), figures(ni20, li11, count="95", action="review"))
    client.post(return_url(open_quarter, blaby), figures(ni20, li11, version=1, count="97"))  # another tab
    response = client.post(submit_url(open_quarter, blaby), {"version": "1"})
    assert response.status_code == 409
    page = _soup(response)
    assert "Someone else saved this return" in page.select_one(".govuk-error-summary").get_text()
    assert page.select_one('[data-check-figure="LI 11 (NI 40)"]').get_text(" ", strip=True).startswith("97")
    assert page.select_one("main form input[name=version]")["value"] == "2"
    assert Return.objects.get().status == "draft"


def test_check_and_submit_with_an_off_target_figure_and_no_commentary_saves_nothing(
    client, blaby_manager, open_quarter, blaby, ni20, li11
):
    client.force_login(blaby_manager)
    response = client.post(return_url(open_quarter, blaby), figures(ni20, li11, count="50", action="review"))
    assert response.status_code == 200
    links = [a.get_text(strip=True) for a in _soup(response).select(".govuk-error-summary__list a")]
    assert links == ["Explain why LI 11 (NI 40) is off target (Red) and what is being done"]
    assert not Return.objects.exists()


def test_a_draft_missing_commentary_cannot_be_confirmed_by_going_straight_to_the_check(
    client, blaby_manager, open_quarter, blaby, ni20, li11
):
    client.force_login(blaby_manager)
    client.post(return_url(open_quarter, blaby), figures(ni20, li11, count="50"))  # a draft may lack commentary
    response = client.post(submit_url(open_quarter, blaby), {"version": "1"})
    assert response.status_code == 200
    links = [a.get_text(strip=True) for a in _soup(response).select(".govuk-error-summary__list a")]
    assert links == ["Explain why LI 11 (NI 40) is off target (Red) and what is being done"]
    assert _soup(response).select_one("main form")["action"] == return_url(open_quarter, blaby)  # corrections save
    assert Return.objects.get().status == "draft"


def test_only_the_areas_manager_may_confirm(client, melton_manager, board_officer, open_quarter, blaby, ni20, li11):
    for user in (melton_manager, board_officer):
        client.force_login(user)
        assert client.get(submit_url(open_quarter, blaby)).status_code == 403
        assert client.post(submit_url(open_quarter, blaby), {"version": "0"}).status_code == 403
    assert not Return.objects.exists()


def test_a_submitted_return_cannot_be_confirmed_again(client, blaby_manager, open_quarter, blaby, ni20, li11):
    client.force_login(blaby_manager)
    client.post(return_url(open_quarter, blaby), figures(ni20, li11, action="review"))
    client.post(submit_url(open_quarter, blaby), {"version": "1"})
    assert client.get(submit_url(open_quarter, blaby))["Location"] == return_url(open_quarter, blaby)
    assert client.post(submit_url(open_quarter, blaby), {"version": "2"}).status_code == 409
    assert Return.objects.get().version == 2


def test_an_unstarted_return_has_nothing_to_check_or_submit(client, blaby_manager, open_quarter, blaby):
    client.force_login(blaby_manager)
    assert client.get(submit_url(open_quarter, blaby))["Location"] == return_url(open_quarter, blaby)
    assert client.post(submit_url(open_quarter, blaby), {"version": "0"})["Location"] == return_url(open_quarter, blaby)
    assert not Return.objects.exists()
