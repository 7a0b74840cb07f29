"""Seed 003's money (the LAA 2006-09 Safer block, 2006/07) and seed 002's innovation fund, as data with sources
that the funding pages and the Board report read."""

from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from core.periods import FinancialYear
from funding.models import AgreementResource, Grant

pytestmark = pytest.mark.django_db


def test_the_safer_blocks_reward_is_stored_with_its_source_and_no_invented_rule(seeded):
    resources = {r.kind: r for r in AgreementResource.objects.filter(agreement_code="LAA 2006-09")}
    at_stake = resources[AgreementResource.Kind.REWARD_AT_STAKE]
    assert (at_stake.amount, at_stake.amount_text, at_stake.approximate) == (D("2540000"), "£2.54m", True)
    assert at_stake.payment_rule == "" and at_stake.payment_rule_source == ""  # not stated in the documents
    assert resources[AgreementResource.Kind.REWARD_TARGET_FUNDING].amount == D("332500")
    assert resources[AgreementResource.Kind.NON_REWARD_FUNDING].amount == D("25000")
    assert all(r.source.startswith("003 paragraph 21") for r in resources.values())
    assert {(r.start_year, r.end_year) for r in resources.values()} == {(FinancialYear(2006), FinancialYear(2008))}


def test_the_pooled_and_aligned_budgets_for_2006_07_are_grants_the_report_can_find_by_year(seeded):
    budgets = Grant.objects.in_financial_year(FinancialYear(2006)).filter(arrangement__in=["pooled", "aligned"])
    assert {(g.arrangement, g.amount, g.amount_text) for g in budgets} == {
        ("pooled", D("1080000"), "£1.08 million"),
        ("aligned", D("270000"), "£270k"),
    }
    pool = budgets.get(arrangement="pooled")
    assert sorted(pool.contributions.values_list("contributor", flat=True)) == [
        "DAAT Partnership Support Grant",
        "Safer and Stronger Communities Fund",
    ]
    assert not pool.contributions.exclude(amount__isnull=True).exists()  # their amounts are not stated


def test_the_funding_index_shows_the_reward_with_no_payment_rule_and_the_innovation_fund_unsplit(client, board_officer):
    client.force_login(board_officer)
    page = BeautifulSoup(client.get(reverse("funding:index")).content, "html.parser")
    resources = page.find("caption", string=lambda s: s and "Agreement resources" in s).find_parent("table")
    reward = [tr.get_text(" ", strip=True) for tr in resources.select("tbody tr") if "2,540,000" in tr.get_text()]
    assert len(reward) == 1 and "Not stated in the documents" in reward[0] and "2006/07 to 2008/09" in reward[0]
    totals = page.find("caption", string=lambda s: s and "Totals by financial year" in s).find_parent("table")
    innovation = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in totals.select("tbody tr")
        if "Innovation Fund" in tr.get_text()
    ]
    assert len(innovation) == 1
    assert innovation[0][0] == "2011/12 to 2012/13" and "not split between the years" in innovation[0][-1]
