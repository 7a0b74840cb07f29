"""Spaces inside money (issue 8.8): accepted between thousands only, on the spend page and the formula what-if."""

from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from core.periods import Quarter
from funding.models import AllocationFormula, SpendLine
from funding.selectors import spend_fingerprint, spend_lines_for

pytestmark = pytest.mark.django_db

Q2 = Quarter(2012, 2)


def _post_spend(client, allocation, data):
    payload = {"opened": spend_fingerprint(spend_lines_for(allocation, Q2)), **data}
    return client.post(reverse("funding:spend", args=[allocation.pk, "2012-13-q2"]), payload)


def test_spend_of_12_space_5_is_refused_not_stored_as_125(client, blaby_manager, blaby_csf):
    client.force_login(blaby_manager)
    response = _post_spend(client, blaby_csf, {"new-item": "Training", "new-amount": "12 5"})
    assert response.status_code == 200
    link = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary a")
    assert link.get_text(strip=True) == (
        "Amount spent must be a number, like 1,200 or 350.50 (a space may only separate thousands, as in 1 234)"
    )
    assert not SpendLine.objects.filter(allocation=blaby_csf).exists()


def test_spend_with_a_space_between_thousands_is_stored(client, blaby_manager, blaby_csf):
    client.force_login(blaby_manager)
    assert _post_spend(client, blaby_csf, {"new-item": "Training", "new-amount": "1 234.50"}).status_code == 302
    assert SpendLine.objects.get(allocation=blaby_csf).amount == D("1234.50")


def _what_if(client, pot):
    formula = AllocationFormula.objects.get()
    response = client.get(reverse("funding:formula", args=[formula.pk]), {"pot": pot})
    return BeautifulSoup(response.content, "html.parser")


def test_a_what_if_pot_of_1_2_3_4_is_refused_not_read_as_1234(client, board_officer):
    client.force_login(board_officer)
    page = _what_if(client, "1 2 3 4")
    link = page.select_one(".govuk-error-summary a")
    assert link is not None and link["href"] == "#id_pot"
    assert "a space may only separate thousands" in link.get_text()


def test_a_what_if_pot_with_spaces_between_thousands_is_read(client, board_officer):
    client.force_login(board_officer)
    page = _what_if(client, "500 000")
    assert page.select_one(".govuk-error-summary") is None
    totals = [tr.select("td") for tr in page.select("table tbody tr")]
    assert [td.get_text(strip=True) for td in next(r for r in totals if r[0].get_text(strip=True) == "Total")][
        5
    ] == "£500,000"
