"""The Board report's figures from the seeded documents, through the same rules as the dashboard."""

from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from core.periods import Quarter
from funding.models import AgreementResource, Allocation, Grant
from indicators.models import Agreement, Indicator, Measurement
from partnerships.models import Area
from reports.selectors import board_report
from tests.seeded import seeded_row

leicestershire = seeded_row(Area, slug="leicestershire")
laa2 = seeded_row(Agreement, code="LAA2 2008-11")
laa1 = seeded_row(Agreement, code="LAA 2006-09")


def _line(report, code):
    return next(line for line in report.appendix if line.code == code)


def test_ni20_leicestershire_2008_09_q4_is_green_5_40_against_5_85(leicestershire, laa2):
    report = board_report(leicestershire, Quarter(2008, 4), laa2)
    ni20 = _line(report, "NI 20")
    assert (ni20.status, ni20.figure, ni20.target_due) == ("Green", D("5.40"), D("5.85"))
    assert ni20.figure_text == "5.40 per 1,000" and ni20.target_text == "5.85 per 1,000"
    assert not report.synthetic  # demonstration figures are off in the seed
    assert report.quarter_label == "2008/09 Q4" and report.file_stem == "board-report-leicestershire-2008-09-q4"


def test_the_q3_2006_07_report_prints_seed_003s_summary_beside_the_computed_one(leicestershire, laa1):
    report = board_report(leicestershire, Quarter(2006, 3), laa1)
    every, reward = report.summaries
    printed = {
        table.title: dict(zip(table.reported_outcomes.columns, table.reported_outcomes.counts, strict=True))
        for table in (every, reward)
    }
    assert printed == {
        "All indicators": {"Green": 8, "Amber": 4, "Red": 0, "Not available": 6},
        "Reward indicators": {"Green": 3, "Amber": 1, "Red": 0, "Not measurable yet": 1},
    }
    assert every.reported_delivery.counts == (13, 3, 2)
    assert reward.reported_delivery.counts == (5, 0, 0)
    assert "003 paragraph 15" in every.reported_source
    # The product's own counts stand beside them, with the reason they differ in words.
    assert every.outcomes.total == len(report.appendix)
    assert any("no figure of 2006/07 Q3 is loaded" in note for note in every.difference)
    # The five reward targets are Green on delivery, as the report's text allows (054 judgements).
    assert reward.delivery.counts[0] == 5
    assert report.period_text.startswith("Quarter 3 of 2006/07 (1 October to 31 December 2006)")


def test_resources_give_the_reward_at_stake_and_never_an_invented_split(leicestershire, laa1):
    resources = board_report(leicestershire, Quarter(2006, 3), laa1).resources
    assert (
        resources.reward_total.amount == D("2540000") and resources.reward_total.amount_text == "£2.54m (approximate)"
    )
    budgets = {m.title: m.amount for m in resources.budgets}
    assert budgets["LAA Safer Communities pooled budget 2006/07"] == D("1080000")
    assert budgets["YJB youth crime prevention grant 2006/07 (aligned budget)"] == D("270000")
    assert budgets["Additional funding to meet the cost of achieving the reward targets"] == D("332500")
    assert len(resources.reward_lines) == 5
    assert {r.at_stake_text for r in resources.reward_lines} == {"not stated in the documents"}
    assert resources.payment_rule == "not stated in the documents"


def test_exceptions_are_every_red_then_every_amber_with_commentary_and_trend(leicestershire, laa2):
    call_command("generate_demo_figures", verbosity=0)
    report = board_report(leicestershire, Quarter(2010, 3), laa2)
    statuses = [line.status for line in report.exceptions]
    assert statuses == sorted(statuses, key=lambda s: s != "Red") and set(statuses) <= {"Red", "Amber"}
    assert [x.code for x in report.exceptions] == [x.code for x in report.appendix if x.status == "Red"] + [
        x.code for x in report.appendix if x.status == "Amber"
    ]
    first = report.exceptions[0]
    figure = Measurement.objects.get(indicator__code=first.code, area=leicestershire, year=2010, quarter=3)
    assert first.commentary.startswith(figure.commentary)
    assert (
        len(first.trend) == 8 and first.trend[-1].label == "2010/11 Q3" and first.trend[-1].value == float(first.figure)
    )
    assert report.synthetic
    assert report.districts is not None and "NI 20" in [row.code for row in report.districts.rows]


def test_the_report_costs_the_same_queries_whatever_the_number_of_indicators(
    leicestershire, laa2, django_assert_num_queries
):
    call_command("generate_demo_figures", verbosity=0)
    with django_assert_num_queries(18):
        board_report(leicestershire, Quarter(2010, 3), laa2)
    for n in range(5):
        Indicator.objects.create(
            code=f"EXTRA {n}", slug=f"extra-{n}", title="Extra", agreement=laa2, unit="count", polarity="lower"
        )
    with django_assert_num_queries(18):
        report = board_report(leicestershire, Quarter(2010, 3), laa2)
    assert len(report.appendix) == 11


@pytest.mark.parametrize("quarter", [Quarter(2006, 3), Quarter(2008, 4)])
def test_a_report_on_one_outcome_keeps_only_its_indicators(leicestershire, laa1, laa2, quarter):
    agreement = laa1 if quarter.year.start_year == 2006 else laa2
    outcome = agreement.outcomes.order_by("code").first()
    report = board_report(leicestershire, quarter, agreement, outcomes=[outcome])
    whole = board_report(leicestershire, quarter, agreement)
    assert 0 < len(report.appendix) < len(whole.appendix)
    assert outcome.code in report.scope_text


def test_a_budgets_line_that_disagrees_with_its_breakdown_is_a_quality_note(leicestershire, laa1):
    pool = Grant.objects.get(title="LAA Safer Communities pooled budget 2006/07")
    line = Allocation.objects.create(grant=pool, label="Test line", category="activity", amount=D("600"))
    for n in (250, 300):
        Allocation.objects.create(grant=pool, label=f"Test part {n}", category="activity", amount=D(n), parent=line)
    notes = board_report(leicestershire, Quarter(2006, 3), laa1).quality_notes
    assert any("Test line" in note and "£600" in note and "£550" in note for note in notes)


def test_the_payment_rule_is_stored_only_as_a_share_and_the_seed_states_none(seeded):
    at_stake = AgreementResource.objects.get(kind=AgreementResource.Kind.REWARD_AT_STAKE, agreement_code="LAA 2006-09")
    assert at_stake.payment_threshold is None  # seed 003 gives no rule: nothing is invented
    at_stake.payment_threshold = D("1.5")
    with pytest.raises(IntegrityError), transaction.atomic():
        at_stake.save()
