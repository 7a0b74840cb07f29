"""Free text on the return and spend forms follows the same text rule as the bulk import (issue 8.4):
no control characters, at most 4,000 characters, one message naming the field, nothing saved."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from core.periods import Quarter
from funding.models import Allocation, SpendLine
from funding.selectors import spend_fingerprint, spend_lines_for
from returns.models import Return
from tests.returns.conftest import figures, return_url

pytestmark = pytest.mark.django_db


def _summary(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary__list a")]


@pytest.mark.parametrize(
    ("commentary", "message"),
    [
        ("On track\x00", "NI 20 commentary contains a control character (U+0000) that cannot be stored: remove it"),
        ("On track\x07", "NI 20 commentary contains a control character (U+0007) that cannot be stored: remove it"),
        ("x" * 4001, "NI 20 commentary must be 4,000 characters or fewer (it has 4,001)"),
    ],
    ids=["nul", "bell", "4001_characters"],
)
def test_return_commentary_with_a_control_character_or_too_long_is_refused(
    client, blaby_manager, open_quarter, blaby, ni20, li11, commentary, message
):
    client.force_login(blaby_manager)
    response = client.post(
        return_url(open_quarter, blaby), figures(ni20, li11, **{f"i{ni20.pk}-commentary": commentary})
    )
    assert response.status_code == 200
    assert _summary(response) == [message]
    assert not Return.objects.exists()


def test_a_spend_item_with_a_control_character_is_refused(client, blaby_manager):
    allocation = Allocation.objects.get(grant__title="Community Safety Fund Leicestershire 2012/13", label="Blaby")
    client.force_login(blaby_manager)
    payload = {
        "opened": spend_fingerprint(spend_lines_for(allocation, Quarter(2012, 2))),
        "new-item": "Street\x1b[31m pastors",
        "new-amount": "100",
    }
    response = client.post(reverse("funding:spend", args=[allocation.pk, "2012-13-q2"]), payload)
    assert response.status_code == 200
    assert _summary(response) == [
        "What the money was spent on contains a control character (U+001B) that cannot be stored: remove it"
    ]
    assert not SpendLine.objects.filter(allocation=allocation).exists()
