"""A grant's money beyond its lines is "not yet allocated" only where the documents imply it.

Four grants showed money "not yet allocated" that is nothing of the kind: the ABG's £23 is the gap between
9.2's £741,000 and Appendix 3's lines of £740,977; the DIP pool's £2,679,000 and the Youth Justice Grants'
£669,959 and £889,136 are other funders' contributions to the pooled money.
"""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from funding.models import Grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, board_officer):
    client.force_login(board_officer)
    return client


def _summary(client, title):
    grant = Grant.objects.get(title=title)
    page = BeautifulSoup(client.get(reverse("funding:grant", args=[grant.pk])).content, "html.parser")
    rows = {
        row.select_one("dt").get_text(" ", strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in page.select("#grant-summary .govuk-summary-list__row")
    }
    contributions = [
        [td.get_text(" ", strip=True).replace("\xa0", " ") for td in tr.select("td")]
        for tr in page.select("#grant-contributions tbody tr")
    ]
    return rows, contributions


def test_the_abgs_23_pounds_is_a_difference_between_two_statements_not_money_to_allocate(signed_in):
    rows, _ = _summary(signed_in, "ABG Safer Communities revenue 2010/11")
    assert "Not yet allocated" not in rows
    assert "approximate" in rows["Grant (as stated)"]
    difference = rows["Difference from the stated grant"]
    assert "£23" in difference and "less" in difference and "Agrees" not in difference


def test_the_dip_pools_2679000_is_other_funders_contributions(signed_in):
    rows, contributions = _summary(signed_in, "DIP pooled treatment budget 2011/12")
    assert "Not yet allocated" not in rows
    assert "approximate" in rows["Grant (as stated)"]
    home_office = [c for c in contributions if c[0].startswith("Home Office DIP budget")]
    assert home_office and home_office[0][1].startswith("£621,000")
    rest = [c for c in contributions if "£2,679,000" in c[1]]
    assert len(rest) == 1 and "not split" in rest[0][2].lower()


@pytest.mark.parametrize(
    "title, home_office, yjb",
    [
        ("Youth Justice Grant Leicestershire and Rutland 2011/12", "£100,108", "£669,959"),
        ("Youth Justice Grant Leicester City 2011/12", "£132,860", "£889,136"),
    ],
)
def test_a_youth_justice_grants_remainder_is_the_youth_justice_boards_contribution(signed_in, title, home_office, yjb):
    rows, contributions = _summary(signed_in, title)
    assert "Not yet allocated" not in rows
    by_contributor = {c[0]: c for c in contributions}
    assert by_contributor["Home Office"][1].startswith(home_office)
    assert by_contributor["Youth Justice Board"][1].startswith(yjb)
    assert "derived" in by_contributor["Youth Justice Board"][2].lower()


def test_a_remainder_the_documents_state_is_still_shown_as_not_yet_allocated(signed_in):
    rows, _ = _summary(signed_in, "Community Safety Fund Safer Leicester Partnership 2012/13")
    assert rows["Not yet allocated"] == "£14,998"
