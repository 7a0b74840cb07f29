"""Spot checks: the documents' numbers are in the database, and the flags they raise.

Each test names the seed file and table it checks against.
"""

from decimal import Decimal as D

import pytest

from core.periods import FinancialYear
from funding.models import Allocation, FormulaWeight, Grant, SpendLine
from funding.selectors import flagged_total_checks, total_checks
from indicators.models import Baseline, Indicator, Measurement, Target
from indicators.selectors import disaggregation_checks
from partnerships.facts import fact_total_checks
from partnerships.models import (
    ActionPlan,
    Area,
    AreaFact,
    HeadlineAction,
    ListedItem,
    Partnership,
    PartnershipPriority,
    PriorityHolding,
)

pytestmark = pytest.mark.django_db


def target(code, area, year, indicative=False):
    return Target.objects.get(
        indicator__code=code, area__name=area, year=FinancialYear.parse(year), is_indicative=indicative
    )


# --- seed 000: LAA2 indicators and Appendix 2 district targets ---------------------------------


@pytest.mark.parametrize(
    ("code", "area", "year", "indicative", "stated"),
    [
        ("NI 20", "Leicestershire", "2009/10", False, "5.24"),
        ("NI 20", "Leicestershire", "2010/11", True, "3221"),
        ("NI 20", "Blaby", "2009/10", False, "3.34"),
        ("NI 20", "Blaby", "2009/10", True, "310"),
        ("NI 20", "Oadby and Wigston", "2010/11", False, "4.25"),
        ("NI 21", "Melton", "2010/11", False, "33"),
        ("LI 11 (NI 40)", "Charnwood", "2009/10", False, "414"),
        ("LI 11 (NI 40)", "Leicestershire", "2008/09", False, "1138"),
    ],
)
def test_appendix_2_targets_are_loaded_as_stated(seeded, code, area, year, indicative, stated):
    assert target(code, area, year, indicative).value == D(stated)


def test_no_required_target_is_kept_as_words_and_is_data_only(seeded):
    t = target("NI 21", "Blaby", "2008/09")
    assert t.value is None
    assert t.is_data_only
    assert t.rule_text == "No Required Target"


def test_baselines_keep_value_period_and_source(seeded):
    county = Baseline.objects.get(indicator__code="NI 20", area__name="Leicestershire", year=FinancialYear(2007))
    assert county.value == D("6.03")
    melton = Baseline.objects.get(indicator__code="NI 21", area__name="Melton", is_indicative=False)
    assert melton.value == D("21.9")
    assert "2008 Place Survey" in melton.period_text + melton.value_text
    assert "000" in melton.source


def test_outturns_are_loaded_as_measurements(seeded):
    blaby = Measurement.objects.get(indicator__code="NI 20", area__name="Blaby", year=FinancialYear(2008), quarter=None)
    assert (blaby.value, blaby.numerator) == (D("3.44"), D("320"))
    county = Measurement.objects.get(indicator__code="NI 20", area__name="Leicestershire", year=FinancialYear(2008))
    assert (county.value, county.numerator) == (D("5.40"), D("3427"))


def test_exactly_the_targets_that_disagree_with_their_rule_are_flagged(seeded):
    flagged = {
        (t.indicator.code, t.area.name, str(t.year), t.is_indicative, t.value, t.derived_value)
        for t in Target.objects.flagged().select_related("indicator", "area")
    }
    assert flagged == {
        ("NI 20", "Charnwood", "2010/11", False, D("6.74"), D("6.73")),
        ("NI 20", "Hinckley and Bosworth", "2010/11", True, D("587"), D("487")),
        ("NI 20", "North West Leicestershire", "2010/11", True, D("568"), D("564")),
        ("LI 11 (NI 40)", "Leicestershire", "2010/11", False, D("1161"), D("1160")),
    }


def test_rules_that_agree_derive_the_stated_value(seeded):
    for code, area, year, indicative in [
        ("NI 20", "Leicestershire", "2009/10", True),
        ("NI 20", "Charnwood", "2009/10", True),
        ("NI 20", "Harborough", "2010/11", False),
    ]:
        t = target(code, area, year, indicative)
        assert t.derived_value == t.value


def test_district_counts_that_do_not_add_up_to_the_county_are_flagged(seeded):
    checks = {c.subject: (c.stated, c.computed) for c in disaggregation_checks()}
    assert checks["NI 20 2009/10 indicative count"] == (D("3324"), D("3320"))
    assert checks["NI 20 2010/11 indicative count"] == (D("3221"), D("3321"))
    assert checks["LI 11 (NI 40) 2010/11 target"] == (D("1161"), D("1161"))


def test_priority_matrix_appendix_2(seeded):
    def level(partnership, theme):
        holding = PriorityHolding.objects.filter(partnership__name=partnership, theme__name=theme).first()
        return holding.level if holding else None

    assert level("Safer Melton Partnership", "Domestic Abuse") == "priority"
    assert (
        level("Blaby District Community Safety Partnership", "Confidence (Reassurance / Fear of Crime)") == "priority"
    )
    assert level("Charnwood Community Safety Partnership", "Alcohol") == "sub_priority"
    assert level("Safer North West Partnership", "Victims / Vulnerable People") == "sub_priority"
    assert (
        level("Oadby & Wigston Community Safety Partnership", "Preventing Offending and Reducing Re-offending") is None
    )
    counts = {
        lvl: PriorityHolding.objects.filter(level=lvl).count() for lvl in ("priority", "cross_cutting", "sub_priority")
    }
    assert counts == {"priority": 35, "cross_cutting": 21, "sub_priority": 35}


# --- seed 000 Appendix 3: ABG 2010/11 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "amount"),
    [("Blaby", "59551"), ("Charnwood", "96351"), ("Melton", "43702"), ("Countywide allocation", "233930")],
)
def test_abg_allocations_appendix_3(seeded, label, amount):
    allocation = Allocation.objects.get(grant__title="ABG Safer Communities revenue 2010/11", label=label)
    assert allocation.amount == D(amount)


def test_abg_formula_weights_are_the_published_component_amounts(seeded):
    weight = FormulaWeight.objects.get(
        component__name="Based on population", partnership__name="Blaby District Community Safety Partnership"
    )
    assert weight.weight == D("13711.12")


def test_abg_total_revenue_matches_its_lines(seeded):
    grant = Grant.objects.filter(title="ABG Safer Communities revenue 2010/11")
    [check] = [c for c in total_checks(grant) if c.label == "Total Revenue"]
    assert (check.stated, check.computed, check.differs) == (D("740977"), D("740977"), False)


# --- seed 002: Community Safety Fund 2012/13, Youth Justice Grant ---------------------------------


def test_csf_leicestershire_activity_table(seeded):
    iom = Allocation.objects.get(grant__title__contains="18-month", label="Integrated Offender Management")
    assert iom.amount == D("291250")
    iom_year = Allocation.objects.get(
        grant__title="Community Safety Fund Leicestershire 2012/13", label="Integrated Offender Management"
    )
    assert iom_year.amount == D("194000")
    blaby = Allocation.objects.get(grant__title="Community Safety Fund Leicestershire 2012/13", label="Blaby")
    assert blaby.amount == D("13959")


def test_safer_leicester_partnership_allocations_and_q1_spend(seeded):
    grant = Grant.objects.get(title="Community Safety Fund Safer Leicester Partnership 2012/13")
    assert grant.amount == D("184576")
    assert Allocation.objects.get(grant=grant, label="IOM").amount == D("55000")
    spend = SpendLine.objects.filter(allocation__grant=grant, year=FinancialYear(2012), quarter=1)
    assert sum(line.amount for line in spend) == D("31450")


def test_rutland_and_youth_justice_grant(seeded):
    yos = Allocation.objects.get(grant__title__startswith="Safer Rutland", label="Youth Offending Service")
    assert yos.amount == D("67764")
    assert Grant.objects.get(title="Youth Justice Grant Leicester City 2011/12").amount == D("1021996")


def test_funding_flags_raised_by_the_documents(seeded):
    flags = {(c.label, c.stated, c.computed) for c in flagged_total_checks()}
    assert flags == {
        ("Total Allocated (1st Quarter Spend)", D("17700"), D("31450")),
        ("Grand Total", D("6670"), D("5330")),
        ("'Locality Allocations' line against its breakdown", D("98000"), D("98001")),
        ("Grant (as stated)", D("741000"), D("740977")),  # ABG: 9.2's £741,000 against Appendix 3's lines
        ("Grant (as stated)", D("171800"), D("171748")),  # Rutland council revenue: 'Allocation in total'
        ("Grant (as stated)", D("12000"), D("5330")),  # Rutland BCU funding: 'Allocation in total'
    }


# --- seed 001: North West Leicestershire 2013/14 ----------------------------------------------------


def test_nwl_strategy_has_three_priorities_two_cross_cutting_themes_and_16_actions(seeded):
    priorities = PartnershipPriority.objects.filter(partnership__name="Safer North West Partnership")
    assert priorities.filter(is_cross_cutting=False).count() == 3
    assert priorities.filter(is_cross_cutting=True).count() == 2
    actions = HeadlineAction.objects.filter(priority__partnership__name="Safer North West Partnership")
    assert actions.count() == 16
    assert actions.filter(title__startswith="Target high profile events").exists()


def test_nwl_funding_2013_14(seeded):
    amounts = sorted(
        Grant.objects.filter(recipient__name="Safer North West Partnership").values_list("amount", flat=True)
    )
    assert amounts == [D("7112"), D("12000"), D("21300")]


def test_partnership_map_seed_002(seeded):
    joint = Partnership.objects.get(name="Blaby and Hinckley & Bosworth Joint Community Safety Partnership")
    assert set(joint.areas.values_list("name", flat=True)) == {"Blaby", "Hinckley and Bosworth"}
    assert Partnership.objects.get(short_name="LSCSB").reporting_partnerships.filter(kind="csp").count() >= 7
    assert Area.objects.get(name="Leicestershire").children.count() == 7


# --- seed 004: LAA 2006-09 Safer block and Local PSA 2003-06 ----------------------------------------


def test_laa1_safer_block(seeded):
    laa1 = Indicator.objects.filter(agreement__code="LAA 2006-09")
    # 17 from 004's Safer table, and reward targets a and d of 003 paragraph 13.
    assert laa1.filter(source__startswith="004 Appendix 3").count() == 17
    assert laa1.count() == 19
    assert target("6.3", "Leicestershire", "2006/07").value == D("48.4")
    assert Indicator.objects.get(code="7.1").outcome.lead.startswith("Melton")


def test_local_psa_vehicle_crime(seeded):
    indicator = Indicator.objects.get(agreement__code="Local PSA 2003-06", title__icontains="vehicle crime")
    assert indicator.baselines.get().value == D("8379")
    assert indicator.targets.get().value == D("6961")


# --- issue 12: the tables the first transcription left out (022, 058, 061) --------------------------------


@pytest.mark.parametrize(
    ("source_prefix", "facts", "listed_items"),
    [("004", 40, 20), ("002", 63, 172), ("001", 11, 9)],
)
def test_each_document_adds_its_facts_and_lists(seeded, source_prefix, facts, listed_items):
    assert AreaFact.objects.filter(source__startswith=source_prefix).count() == facts
    assert ListedItem.objects.filter(source__startswith=source_prefix).count() == listed_items


def test_county_council_action_plan_has_the_documents_rows(seeded):
    plan = ActionPlan.objects.get(agency__name="Leicestershire County Council")
    assert plan.activities.count() == 25
    assert plan.contributions.count() == 19
    pcso = plan.activities.get(number=12)
    assert (pcso.lead, pcso.timescale) == ("Police / Head of YJ&SC", "By March 2007")
    assert plan.activities.exclude(note="").count() == 3  # the rows the table leaves incomplete or writes oddly


def test_stated_totals_of_area_facts_agree_with_their_lines(seeded):
    totals = AreaFact.objects.filter(parts__isnull=False).distinct().prefetch_related("parts")
    checks = {(t.label, c.label): c for t in totals for c in fact_total_checks(t, list(t.parts.all()))}
    mappa = "MAPPA offenders managed throughout the year"
    assert (checks[(mappa, "by category")].computed, checks[(mappa, "by level")].computed) == (D("819"), D("819"))
    assert len(checks) == 5
    assert not [c for c in checks.values() if c.differs]


def test_comments_on_targets_that_disagree_with_appendix_3_are_flagged(seeded):
    comments = ListedItem.objects.filter(list_title__startswith="Further comment on Targets")
    assert comments.count() == 15
    assert comments.exclude(flag="").count() == 12
    assert "under outcome 1" in comments.get(label="Outcome 2, indicator 1.3").flag
