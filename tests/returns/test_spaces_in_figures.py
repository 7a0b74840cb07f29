"""Spaces inside a return figure (issue 8.8): `12 5` is an error, not 125; `1 234` is one thousand two hundred and thirty-four."""

import pytest
from bs4 import BeautifulSoup

from indicators.models import Measurement
from returns.models import Return
from tests.returns.conftest import figures, return_url

pytestmark = pytest.mark.django_db


def test_a_count_typed_12_space_5_is_refused_and_kept_as_typed(client, blaby_manager, open_quarter, blaby, ni20, li11):
    client.force_login(blaby_manager)
    before = list(Measurement.objects.values_list("pk", "value"))
    response = client.post(return_url(open_quarter, blaby), figures(ni20, li11, count="12 5"))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert [a.get_text(strip=True) for a in page.select(".govuk-error-summary__list a")] == [
        "LI 11 (NI 40) figure must be a number, like 1,234 or 12.5 (a space may only separate thousands, as in 1 234)"
    ]
    assert page.select_one(f"#id_i{li11.pk}-value")["value"] == "12 5"
    assert not Return.objects.exists()
    assert list(Measurement.objects.values_list("pk", "value")) == before


def test_a_denominator_with_a_space_between_thousands_is_read(client, blaby_manager, open_quarter, blaby, ni20, li11):
    client.force_login(blaby_manager)
    response = client.post(return_url(open_quarter, blaby), figures(ni20, li11, d="93 000"))
    assert response.status_code == 302
    figure = Measurement.objects.get(indicator=ni20, area=blaby, year=open_quarter.year, quarter=3)
    assert figure.denominator == 93000
