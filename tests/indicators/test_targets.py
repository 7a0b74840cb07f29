"""Target derivation from the rule as written (no database).

Each row is a rule from seed 000 Appendix 2 with the figure the document states.
"""

from decimal import Decimal as D

import pytest

from indicators.targets import DerivationRule, Rounding, derive_target, differs


@pytest.mark.parametrize(
    ("base", "change", "rounding", "places", "expected"),
    [
        # NI 20 rates: "(3.44 – 3% = 3.34)", "(5.4 – 6% = 5.08)"
        ("3.44", "-3", Rounding.NEAREST, 2, "3.34"),
        ("5.4", "-3", Rounding.NEAREST, 2, "5.24"),
        ("5.4", "-6", Rounding.NEAREST, 2, "5.08"),
        ("6.03", "-3", Rounding.NEAREST, 2, "5.85"),
        # Charnwood 2010/11: the document states 6.74; the rule gives 6.73.
        ("7.16", "-6", Rounding.NEAREST, 2, "6.73"),
        # Indicative counts are truncated in the document: 1180 - 3% = 1144.6 -> 1144.
        ("1180", "-3", Rounding.DOWN, 0, "1144"),
        ("275", "-3", Rounding.DOWN, 0, "266"),
        ("3427", "-6", Rounding.DOWN, 0, "3221"),
        # Hinckley & Bosworth 2010/11: the document states 587; the rule gives 487.
        ("519", "-6", Rounding.DOWN, 0, "487"),
        # LI 11: 1084 + 7% = 1159.88 -> 1160 (the document states 1161).
        ("1084", "7", Rounding.NEAREST, 0, "1160"),
        # NI 17: 14% - 10% = 12.6%
        ("14", "-10", Rounding.NEAREST, 1, "12.6"),
    ],
)
def test_derive_target_applies_the_rule(base, change, rounding, places, expected):
    rule = DerivationRule(D(base), D(change), rounding, places)
    assert derive_target(rule) == D(expected)


def test_half_rounds_up_for_nearest():
    assert derive_target(DerivationRule(D("2.5"), D("0"), Rounding.NEAREST, 0)) == D("3")


def test_negative_decimal_places_are_refused():
    with pytest.raises(ValueError):
        derive_target(DerivationRule(D("1"), D("1"), Rounding.NEAREST, -1))


@pytest.mark.parametrize(
    ("stated", "derived", "flag"),
    [
        (D("3.3400"), D("3.34"), False),
        (D("6.74"), D("6.73"), True),
        (D("587"), D("487"), True),
        (None, D("1"), False),
        (D("1"), None, False),
    ],
)
def test_differs_compares_at_value_not_precision(stated, derived, flag):
    assert differs(stated, derived) is flag


def test_rule_describes_itself():
    assert DerivationRule(D("320"), D("-3")).describe() == "3% reduction from 320"


@pytest.mark.parametrize(
    ("base", "change", "points", "places", "expected", "words"),
    [
        # 000 section 6.1: "a 15% increase in confidence from 43% to 58% by 2012" is 15 percentage points.
        ("43", "15", True, 0, "58", "15 percentage point increase from 43"),
        # The same words read as a relative change would give 49.45, not the 58 the document states.
        ("43", "15", False, 2, "49.45", "15% increase from 43"),
        ("25", "-2.5", True, 1, "22.5", "2.5 percentage point reduction from 25"),
    ],
)
def test_percentage_point_rules_add_points_not_a_share(base, change, points, places, expected, words):
    rule = DerivationRule(D(base), D(change), Rounding.NEAREST, places, points=points)
    assert derive_target(rule) == D(expected)
    assert rule.describe() == words
