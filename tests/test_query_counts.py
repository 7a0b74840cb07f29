"""Every page's database queries, pinned exactly, as the person who normally opens it.

A new constant query (a forgotten ``select_related``, a check run twice) changes a
count here; a query per row shows as a count that grows when the data grows. The
README's "Queries per page" table gives the same numbers: update both together.
"""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from core.periods import FinancialYear
from funding.models import Allocation, AllocationFormula, FundingStream, Grant, SpendLine
from indicators.models import Indicator, Measurement
from partnerships.models import Area, Partnership

BLABY_CSP = "blaby-district-community-safety-partnership"


def _slp_grant():
    return Grant.objects.get(title="Community Safety Fund Safer Leicester Partnership 2012/13")


def _blaby_csf():
    return Allocation.objects.get(grant__title="Community Safety Fund Leicestershire 2012/13", label="Blaby")


URLS = {
    "dashboard": lambda: "/",
    "dashboard with a reported summary": lambda: "/?year=2006/07&quarter=3",
    "indicator index": lambda: reverse("indicators:index"),
    "indicator page": lambda: reverse("indicators:detail", args=["ni-20"]) + "?district=blaby",
    "delivery judgement form": lambda: reverse("indicators:delivery", args=["ni-20"]),
    "partnership index": lambda: reverse("partnerships:index"),
    "partnership page": lambda: reverse("partnerships:detail", args=[BLABY_CSP]),
    "priority matrix": lambda: reverse("partnerships:matrix"),
    "data quality": lambda: "/data-quality/",
    "funding index": lambda: reverse("funding:index"),
    "money by partnership": lambda: reverse("funding:partnerships"),
    "grant page": lambda: reverse("funding:grant", args=[_slp_grant().pk]),
    "allocation page": lambda: reverse("funding:allocation", args=[_slp_grant().allocations.get(label="IOM").pk]),
    "formula page": lambda: reverse("funding:formula", args=[AllocationFormula.objects.get().pk]),
    "returns index": lambda: reverse("returns:index"),
    "return page": lambda: reverse("returns:detail", args=["2010-11-q3", "blaby"]),
    "spend entry": lambda: reverse("funding:spend", args=[_blaby_csf().pk, "2012-13-q1"]),
}

# page: (who normally opens it, queries for one GET with the seeded documents)
QUERIES = {
    "dashboard": ("board_officer", 16),
    "dashboard with a reported summary": ("board_officer", 15),  # no latest-quarter lookups; +2 for the report
    "indicator index": ("board_officer", 5),
    "indicator page": ("board_officer", 19),
    "delivery judgement form": ("board_officer", 7),
    "partnership index": ("board_officer", 4),
    "partnership page": ("board_officer", 20),
    "priority matrix": ("board_officer", 7),
    "data quality": ("board_officer", 9),
    "funding index": ("board_officer", 9),
    "money by partnership": ("board_officer", 5),
    "grant page": ("board_officer", 11),
    "allocation page": ("board_officer", 8),
    "formula page": ("administrator", 9),
    "returns index": ("blaby_manager", 9),
    "return page": ("blaby_manager", 13),
    "spend entry": ("blaby_manager", 8),
}

PAGES = [pytest.param(page, who, count, id=f"{page}-{count}") for page, (who, count) in QUERIES.items()]


def _open(client, request, page, who):
    """Sign in as ``who`` and open ``page`` once so per-process caches (content types) are warm."""
    client.force_login(request.getfixturevalue(who))
    url = URLS[page]()
    assert client.get(url).status_code == 200
    return url


@pytest.mark.parametrize("page, who, count", PAGES)
def test_each_page_runs_a_fixed_number_of_queries(client, request, seeded, django_assert_num_queries, page, who, count):
    url = _open(client, request, page, who)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


def _more_data():
    """A second county with districts, partnerships and figures, and more money and spend everywhere."""
    indicators = list(Indicator.objects.all())
    county = Area.objects.create(name="Extra County", slug="extra-county", kind="county", ons_code="E10999990")
    figures = []
    for n in range(3):
        area = Area.objects.create(
            name=f"Extra {n}", slug=f"extra-{n}", kind="district", ons_code=f"E0799991{n}", parent=county
        )
        csp = Partnership.objects.create(name=f"Extra CSP {n}", slug=f"extra-csp-{n}", kind="csp")
        csp.areas.add(area)
        # Annual figures up to the seed's latest year: quarterly ones would move the quarter the pages open on.
        for indicator in indicators:
            for year in (2006, 2007, 2008):
                figures.append(
                    Measurement(indicator=indicator, area=area, year=FinancialYear(year), quarter=None, value=D("1"))
                )
    Measurement.objects.bulk_create(figures)
    stream = FundingStream.objects.get(short_name="CSF")
    blaby_csf = _blaby_csf()
    for i in range(3):
        grant = Grant.objects.create(
            title=f"Extra grant {i}", stream=stream, starts_on=date(2012, 4, 1), ends_on=date(2013, 3, 31), amount=1000
        )
        parent = Allocation.objects.create(grant=grant, label="Parent", category="activity", amount=600)
        for j in range(3):
            child = Allocation.objects.create(
                grant=grant, label=f"Child {j}", category="activity", amount=200, parent=parent
            )
            SpendLine.objects.create(allocation=child, year=2012, quarter=1, amount=10)
        SpendLine.objects.create(allocation=blaby_csf, year=2012, quarter=1, amount=5, item=f"Extra item {i}")


@pytest.mark.parametrize("page, who, count", PAGES)
def test_each_pages_query_count_is_the_same_with_more_data(
    client, request, seeded, django_assert_num_queries, page, who, count
):
    _more_data()
    url = _open(client, request, page, who)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200
