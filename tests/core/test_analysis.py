"""The analysis core against published worked examples and reference implementations' own test data.

Each table row names where its numbers come from; the expected values are copied from there, not computed here.
"""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.analysis.compare import (
    Verdict,
    proportion_difference_interval,
    rate_funnel,
    rate_ratio_interval,
    verdict,
)
from core.analysis.intervals import (
    Interval,
    byar_count_interval,
    count_interval,
    exact_count_interval,
    rate_interval,
    wilson_interval,
    z_value,
)
from core.analysis.spc import Assurance, Rule, SpcParams, Variation, assurance_of, process_limits, xmr

# PHEindicatormethods (UKHSA), tests/testthat/testdata_Byars_Wilson.xlsx, sheet testdata_B_W: the package's
# reference values for byars_lower/byars_upper (Breslow and Day 1987), checked against the APHO tool.
BYAR = [
    (65, 0.95, 50.163187710459454, 82.84913854593984),
    (1045, 0.95, 982.5932018073325, 1110.33121298565),
    (1, 0.95, 0.01307213290150435, 5.5637555824752605),
    (65, 0.998, 42.8802614714802, 94.00029084431802),
    (1045, 0.998, 947.9407035610374, 1148.806160988033),
    (10, 0.998, 2.916318374695686, 24.193724927880535),
]

# Same sheet, wilson_lower/wilson_upper rows.
WILSON_PHE = [
    (65, 100, 0.95, 0.5525444329688797, 0.7363575175690247),
    (1045, 5000, 0.95, 0.19795549880013297, 0.22049130373189027),
    (0.445, 1, 0.95, 0.04381744772058822, 0.9334621276979156),
    (65, 100, 0.998, 0.4954946574070431, 0.7783540614089697),
    (1045, 5000, 0.998, 0.19179381799015244, 0.22731562902525818),
    (0.445, 1, 0.998, 0.019347006132900975, 0.9702259947019541),
]

# Newcombe RG (1998) "Two-sided confidence intervals for the single proportion: comparison of seven methods",
# Statistics in Medicine 17:857-872, Table II, method 3 (Wilson score, no continuity correction), 95%.
WILSON_NEWCOMBE = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
]

# PHEindicatormethods tests/testthat/testdata_funnel_rate_outputs_2.csv: crude rate funnel (per 100,000, three
# years of data) around 114.8591735, exact Poisson limits. Columns: events, lower_2s_population_1_year,
# lower_2s_limit, upper_2s_population_1_year, upper_2s_limit, lower_3s_population_1_year, lower_3s_limit,
# upper_3s_population_1_year, upper_3s_limit.
FUNNEL_RATE = [
    (1, 1616.949526, 20.61494982, 7.347518827, 4536.678859, 2679.632184, 12.4395182, 0.290369211, 114796.3768),
    (2, 2096.679871, 31.79630214, 70.2917202, 948.4284419, 3258.735028, 20.45783597, 13.17613227, 5059.653722),
    (10, 5337.07421, 62.45619233, 1391.671639, 239.5201023, 7003.931164, 47.59232002, 859.1738425, 387.9696015),
    (30, 12428.80587, 80.45825241, 5874.113407, 170.2384565, 14824.85685, 67.45427696, 4605.398252, 217.1364875),
]


@pytest.mark.parametrize(("count", "confidence", "lower", "upper"), BYAR)
def test_byar_matches_phe_reference(count, confidence, lower, upper):
    interval = byar_count_interval(count, confidence)
    assert interval.lower == pytest.approx(lower, rel=1e-9)
    assert interval.upper == pytest.approx(upper, rel=1e-9)


@pytest.mark.parametrize(("x", "n", "confidence", "lower", "upper"), WILSON_PHE)
def test_wilson_matches_phe_reference(x, n, confidence, lower, upper):
    interval = wilson_interval(x, n, confidence)
    assert interval.lower == pytest.approx(lower, rel=1e-9)
    assert interval.upper == pytest.approx(upper, rel=1e-9)


@pytest.mark.parametrize(("x", "n", "lower", "upper"), WILSON_NEWCOMBE)
def test_wilson_matches_newcombe_1998(x, n, lower, upper):
    interval = wilson_interval(x, n)
    assert round(interval.lower, 4) == lower
    assert round(interval.upper, 4) == upper


def test_z_values_are_the_two_sided_quantiles():
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert z_value(0.998) == pytest.approx(3.090232, abs=1e-6)


def test_small_counts_use_the_exact_method():
    # Fingertips: exact (chi-squared) limits below 10 events; 0 events has a lower limit of 0 and upper 3.689.
    assert count_interval(0).upper == pytest.approx(3.688879, abs=1e-5)
    assert count_interval(0).lower == 0
    assert count_interval(5) == exact_count_interval(5)
    assert count_interval(12) == byar_count_interval(12)


@pytest.mark.parametrize("row", FUNNEL_RATE)
def test_rate_funnel_matches_phe_reference(row):
    events, lp2, l2, up2, u2, lp3, l3, up3, u3 = row
    (p95,) = rate_funnel(114.8591735, [events], per=100_000, years=3)
    (p998,) = rate_funnel(114.8591735, [events], per=100_000, years=3, confidence=0.998)
    # Their limits come from R's qchisq; ours from a bisection on the Poisson distribution: same to 1 in 10,000.
    got = (p95.lower_population, p95.lower_rate, p95.upper_population, p95.upper_rate)
    got += (p998.lower_population, p998.lower_rate, p998.upper_population, p998.upper_rate)
    for mine, theirs in zip(got, (lp2, l2, up2, u2, lp3, l3, up3, u3), strict=True):
        assert mine == pytest.approx(theirs, rel=1e-4)


@pytest.mark.parametrize(
    ("interval", "comparator", "higher_is_better", "expected"),
    [
        (Interval(4.0, 5.0, 0.95), 6.0, False, Verdict.BETTER),  # an assault rate below the county's
        (Interval(4.0, 5.0, 0.95), 6.0, True, Verdict.WORSE),  # confidence below the county's
        (Interval(7.0, 8.0, 0.95), 6.0, False, Verdict.WORSE),
        (Interval(5.0, 7.0, 0.95), 6.0, False, Verdict.SIMILAR),
        (Interval(5.0, 7.0, 0.95), 7.0, True, Verdict.SIMILAR),  # touching the limit is not significant
        (None, 6.0, True, Verdict.NOT_COMPARED),
        (Interval(7.0, 8.0, 0.95), 6.0, None, Verdict.NOT_COMPARED),
    ],
)
def test_verdict_respects_polarity(interval, comparator, higher_is_better, expected):
    assert verdict(interval, comparator, higher_is_better=higher_is_better) is expected


# Newcombe RG (1998) "Interval estimation for the difference between independent proportions: comparison of
# eleven methods", Statistics in Medicine 17:873-890, Table II, method 10 (score interval, no continuity correction).
# Rows (a), (b) and the 10/10 − 0/20 case agree with the SAS reference values tabulated in Lex Jansen, WUSS 2016
# paper 127, page 9 ("newcombe-score"), as an R package's tests quote them; (c) is the paper's own third example.
NEWCOMBE_DIFFERENCE = [
    (56, 70, 48, 80, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.0582, 0.8062),
    (10, 10, 0, 20, 0.6791, 1.0),
]


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "lower", "upper"), NEWCOMBE_DIFFERENCE)
def test_proportion_difference_matches_newcombe_1998(x1, n1, x2, n2, lower, upper):
    interval = proportion_difference_interval(x1, n1, x2, n2)
    assert (round(interval.lower, 4), round(interval.upper, 4)) == (lower, upper)


def test_rate_ratio_interval_by_hand():
    # 3,233 against 3,550 events among the same 634,000 people: RR = 0.9107; ln RR = -0.0935;
    # 1.96 x sqrt(1/3233 + 1/3550) = 0.0476, so 0.9107 x exp(-/+0.0476) = 0.8683 to 0.9551: excludes 1.
    interval = rate_ratio_interval(3233, 634_000, 3550, 634_000)
    assert (round(interval.lower, 4), round(interval.upper, 4)) == (0.8683, 0.9551)
    assert not interval.contains(1)
    assert rate_ratio_interval(0, 1000, 5, 1000) is None


# --- SPC ------------------------------------------------------------------------------------------------------


def test_two_close_points_on_opposite_sides_are_common_cause():
    # NHSRplotthedots tests/testthat/test-ptd_spc_standard.R, "it only reports special cause for 2 of 3 points
    # close to limits when they are on the same side of the mean": 1, -1 repeated, then 5.5 and -5.5.
    data = [1.0, -1.0] * 8
    data[14], data[15] = 5.5, -5.5
    result = xmr(data, higher_is_better=True)
    assert [p.rules for p in result.points[-2:]] == [(), ()]
    # The arithmetic: mean 0; moving ranges 2 (x13), 6.5 and 11; 11 > 3.267 x 2.9 is screened out,
    # leaving a mean moving range of 32.5 / 14 = 2.3214 and limits of +/- 2.66 x 2.3214 = 6.175.
    assert result.mean == pytest.approx(0)
    assert result.upper == pytest.approx(6.175, abs=1e-3)


@pytest.mark.parametrize(
    ("values", "flagged"),
    [
        # NHSRplotthedots tests/testthat/test-ptd_calculate_point_type.R, ptd_seven_point_one_side_mean and
        # ptd_part_of_seven_trend: six on one side is not a shift; seven or more is, every point of the run.
        ([1] * 6 + [-1], []),
        ([1] * 8 + [-1], list(range(8))),
        ([-1] * 8 + [1], list(range(8))),
    ],
)
def test_shift_rule_matches_nhsr_reference(values, flagged):
    # Padded to 15 points with alternating figures that make no run of their own.
    padded = values + [(-1) ** i * 0.5 for i in range(15 - len(values))]
    result = xmr(padded, higher_is_better=True)
    assert [p.index for p in result.points if Rule.SHIFT in p.rules] == flagged


@pytest.mark.parametrize(
    ("values", "flagged"),
    [
        # ptd_seven_point_trend: 1..6 (five increases) is no trend; 1..7 (six) is; a tie breaks the run.
        ([1, 2, 3, 4, 5, 6], []),
        ([1, 2, 3, 3, 4, 5, 6], []),
        ([1, 2, 3, 4, 5, 6, 7], list(range(7))),
        ([2, 1, 2, 3, 4, 5, 6, 7, 3], list(range(1, 8))),
        ([7, 6, 5, 4, 3, 2, 1], list(range(7))),
    ],
)
def test_trend_rule_matches_nhsr_reference(values, flagged):
    padded = values + [4 + (-1) ** i * 0.5 for i in range(15 - len(values))]
    result = xmr(padded, higher_is_better=True, params=SpcParams(shift_length=99))
    assert [p.index for p in result.points if Rule.TREND in p.rules] == flagged


@pytest.mark.parametrize(
    ("lower", "upper", "target", "higher_is_better", "expected"),
    [
        # NHSRplotthedots tests/testthat/test-ptd_calculate_assurance_type.R: limits (1, 3), (5, 7), (1, 5);
        # target 4; "increase" then "decrease".
        (1, 3, 4, True, Assurance.NOT_MET),
        (5, 7, 4, True, Assurance.MET),
        (1, 5, 4, True, Assurance.HIT_AND_MISS),
        (1, 3, 4, False, Assurance.MET),
        (5, 7, 4, False, Assurance.NOT_MET),
        (1, 5, 4, False, Assurance.HIT_AND_MISS),
        (1, 5, 4, None, Assurance.NOT_ASSESSED),  # "neutral": no assurance
        (1, 5, None, True, Assurance.NOT_ASSESSED),
    ],
)
def test_assurance_matches_nhsr_reference(lower, upper, target, higher_is_better, expected):
    assert assurance_of(lower, upper, target, higher_is_better) is expected


def test_point_beyond_limit_is_special_cause_and_variation_reads_polarity():
    data = [10.0, 11.0] * 8 + [30.0]
    worse = xmr(data, higher_is_better=False)
    assert worse.points[-1].rules[0] is Rule.BEYOND_LIMIT
    assert worse.variation is Variation.CONCERNING
    assert xmr(data, higher_is_better=True).variation is Variation.IMPROVING
    assert xmr(data, higher_is_better=None).variation is Variation.SPECIAL_NEUTRAL


def test_two_of_three_beyond_two_sigma_on_one_side():
    data = [10.0, 11.0] * 8 + [13.2, 10.5, 13.2]
    mean, _, upper = process_limits(data)
    assert mean + (upper - mean) * 2 / 3 < 13.2 < upper  # beyond two sigma, inside the limit
    result = xmr(data, higher_is_better=True)
    assert [p.index for p in result.points if Rule.TWO_OF_THREE in p.rules] == [16, 18]


def test_fewer_than_twelve_points_set_no_limits():
    result = xmr([float(i % 3) for i in range(11)], higher_is_better=True, target=1.0)
    assert not result.enough_points
    assert result.upper is None
    assert result.variation is Variation.TOO_FEW
    assert result.assurance is Assurance.NOT_ASSESSED


def test_an_indicator_with_no_quarterly_figures_says_so_not_too_few_points():
    result = xmr([], higher_is_better=True, target=1.0)
    assert result.variation is Variation.NO_FIGURES
    assert result.variation.label == "No quarterly figures"  # NI 20 has whole-year figures, none by quarter


@pytest.mark.parametrize(("points", "provisional"), [(12, True), (14, True), (15, False), (20, False)])
def test_limits_from_twelve_points_are_provisional_below_fifteen(points, provisional):
    # NHSRplotthedots ("How many points are required for robust control limits?") fixes limits from 12 points;
    # Making Data Count recommends 15 or more, so 12 to 14 give limits the page calls provisional.
    result = xmr([float(i % 3) for i in range(points)], higher_is_better=True)
    assert result.enough_points
    assert result.upper is not None
    assert result.provisional is provisional


def test_baseline_fixes_limits_and_recalculation_starts_a_new_phase():
    data = [10.0, 11.0] * 10 + [20.0, 21.0] * 10
    fixed = xmr(data, higher_is_better=True, params=SpcParams(baseline_points=20))
    assert fixed.upper == pytest.approx(10.5 + 2.66)  # set by the first 20 points only
    assert all(Rule.BEYOND_LIMIT in p.rules for p in fixed.points[20:])
    rebased = xmr(data, higher_is_better=True, params=SpcParams(recalculate_at=(20,)))
    assert rebased.mean == pytest.approx(20.5)
    assert not rebased.signals


# --- Properties -----------------------------------------------------------------------------------------------


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(min_value=15, max_value=60))
def test_a_constant_series_has_no_signal(value, length):
    result = xmr([value] * length, higher_is_better=True)
    assert not result.signals
    assert result.variation is Variation.COMMON


@given(
    st.integers(min_value=10, max_value=5000),
    st.integers(min_value=1_000, max_value=500_000),
    st.integers(min_value=2, max_value=10),
)
def test_rate_limits_widen_as_the_population_shrinks(count, population, shrink):
    # The same rate from a smaller population: fewer events, so a wider interval around the same value.
    big = rate_interval(count * shrink, population * shrink)
    small = rate_interval(count, population)
    assert small.upper - small.lower > big.upper - big.lower


@given(st.floats(min_value=0.5, max_value=50), st.integers(min_value=1, max_value=2000))
def test_funnel_narrows_as_events_grow(rate, events):
    # Across the switch from exact to Byar's limits (100 events) too.
    a, b = rate_funnel(rate, [events, events * 2])
    assert b.lower_rate > a.lower_rate
    assert b.upper_rate < a.upper_rate
    assert a.lower_rate < rate < a.upper_rate


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=500))
def test_wilson_interval_holds_the_proportion(x, extra):
    n = x + extra
    interval = wilson_interval(x, n)
    assert 0 <= interval.lower <= x / n <= interval.upper <= 1
    assert not math.isnan(interval.upper)
