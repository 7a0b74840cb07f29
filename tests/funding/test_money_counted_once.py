"""Every view of the same money sums to the same figure, and a grant spanning several years counts each pound once.

Seed 002's Leicestershire Community Safety Fund table has two columns: the 18-month allocation (Oct 2011 to
Mar 2013, £600,110) and the part of it that relates to 2012-13 (£415,360). The 2012/13 part is inside the
18 months, so the 2011/12 part is £600,110 − £415,360 = £184,750 (derived, not stated).
"""

from collections import defaultdict
from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from funding.models import Grant
from funding.selectors import money_by_priority
from partnerships.models import Partnership

pytestmark = pytest.mark.django_db

CSF_18_MONTHS = "Community Safety Fund Leicestershire Oct 2011 to Mar 2013 (18-month allocation)"


def _money(text: str) -> D:
    """A money cell as a number; a cell with no figure ("–", "Not stated") counts nothing."""
    words = text.replace("£", "").replace(",", "").split()
    return D(words[0]) if words and words[0][0].isdigit() else D(0)


def _table(page, caption):
    table = page.find("caption", string=lambda s: s and s.strip().startswith(caption)).find_parent("table")
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    return [
        dict(zip(headers, [td.get_text(" ", strip=True).replace("\xa0", " ") for td in tr.select("td")], strict=False))
        for tr in table.select("tbody tr")
    ]


@pytest.fixture
def signed_in(client, board_officer):
    client.force_login(board_officer)
    return client


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_community_safety_fund_counts_the_2012_13_part_inside_the_18_months_once(signed_in):
    page = _page(signed_in, reverse("funding:index"))
    totals = _table(page, "Totals by financial year and stream")
    csf = {
        row["Year"]: _money(row["Allocated (computed)"]) for row in totals if row["Stream"] == "Community Safety Fund"
    }
    assert csf == {"2011/12": D("184750"), "2012/13": D("584938")}  # 415,360 (Leicestershire) + 169,578 (SLP)
    assert sum(csf.values()) == D("600110") + D("169578")


def test_every_view_of_the_money_sums_to_the_same_figure(signed_in):
    index = _page(signed_in, reverse("funding:index"))
    by_year_and_stream = sum(_money(r["Allocated (computed)"]) for r in _table(index, "Totals by financial year"))
    grants = _table(index, "Grants by financial year")
    by_grant = sum(_money(r["Allocated (computed)"]) for r in grants)
    by_stream = defaultdict(D)
    for row in _table(index, "Totals by financial year"):
        by_stream[row["Stream"]] += _money(row["Allocated (computed)"])
    grant_pages = D(0)
    for grant in Grant.objects.filter(title__in=[r["Grant"] for r in grants]):
        grant_pages += _money(
            _page(signed_in, reverse("funding:grant", args=[grant.pk]))
            .select_one("#grant-allocated")
            .get_text(strip=True)
        )
    assert by_year_and_stream == by_grant == sum(by_stream.values()) == grant_pages
    # ... and that figure is the documents' money, each pound once: the Community Safety Fund is the 18 months'
    # £600,110 and the Safer Leicester Partnership's £169,578; the 2012-13 column is inside the 18 months.
    assert by_stream["Community Safety Fund"] == D("600110") + D("169578")
    assert "Community Safety Fund Leicestershire 2012/13" not in [r["Grant"] for r in grants]


def test_money_by_partnership_counts_blabys_locality_allocation_once(signed_in):
    every_year = _table(_page(signed_in, reverse("funding:partnerships")), "Money by partnership")
    blaby = [r for r in every_year if r["Partnership"] == "Blaby District Community Safety Partnership"]
    csf = {r["Year"]: _money(r["Amount"]) for r in blaby if r["Stream"] == "Community Safety Fund"}
    assert csf == {"2011/12": D("6979"), "2012/13": D("13959")}  # 20,938 over the 18 months
    assert sum(_money(r["Amount"]) for r in blaby) == D("20938") + D("59551")  # CSF + ABG 2010/11
    # The same money, one year at a time, adds up to the all-years view.
    for partnership in {r["Partnership"] for r in every_year}:
        all_years = sum(_money(r["Amount"]) for r in every_year if r["Partnership"] == partnership)
        one_at_a_time = D(0)
        for year in sorted({r["Year"] for r in every_year}):
            rows = _table(_page(signed_in, reverse("funding:partnerships"), year=year), "Money by partnership")
            one_at_a_time += sum(_money(r["Amount"]) for r in rows if r["Partnership"] == partnership)
        assert one_at_a_time == all_years, partnership


def test_money_by_priority_counts_the_18_month_lines_once():
    board = Partnership.objects.get(name="Leicestershire Safer Communities Strategy Board")
    rows = {row.theme.name: row.allocated for row in money_by_priority(board, None)}
    assert rows["Preventing Offending and Reducing Re-offending"] == D("291250")  # not 291,250 + 194,000
    assert rows["Anti-Social Behaviour"] == D("91000")
    grant = Grant.objects.get(title=CSF_18_MONTHS)
    lines = grant.allocations.filter(priority__isnull=False, partnership__isnull=True)
    assert sum(rows[a.priority.name] for a in lines if a.priority.name == "Domestic Abuse") >= D("33690")
