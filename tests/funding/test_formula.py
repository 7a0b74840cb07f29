"""The allocation formula engine (no database): Appendix 3 of seed 000, and properties for any input."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from funding.formula import Component, FormulaError, allocate, even_weights

CSPS = ["Blaby", "Charnwood", "Harborough", "Hinckley & Bosworth", "Melton", "North West Leics", "Oadby & Wigston"]

# Appendix 3 publishes each CSP's component amounts but not the population and crime
# counts behind them, so the published amounts are the weights.
POPULATION = dict(
    zip(CSPS, map(D, ["13711.12", "24072.28", "12050.96", "15386.10", "7248.37", "13281.26", "8374.90"]), strict=True)
)
CRIME = dict(
    zip(CSPS, map(D, ["20840.41", "47278.77", "14566.84", "24822.60", "11453.29", "25862.84", "12050.26"]), strict=True)
)
ROUNDED = dict(zip(CSPS, map(D, ["59551", "96351", "51618", "65209", "43702", "64144", "45425"]), strict=True))


def abg_2010_11():
    return allocate(
        D("426000"),
        [
            Component("Even distribution", D("175000"), even_weights(CSPS)),
            Component("Based on population", D("94125"), POPULATION),
            Component("Based on crime levels", D("156875"), CRIME),
        ],
        CSPS,
    )


@pytest.mark.parametrize("csp", CSPS)
def test_appendix_3_is_reproduced_to_the_penny_and_the_pound(csp):
    share = abg_2010_11().share(csp)
    assert share.components["Even distribution"] == D("25000.00")
    assert share.components["Based on population"] == POPULATION[csp]
    assert share.components["Based on crime levels"] == CRIME[csp]
    assert share.rounded_total == ROUNDED[csp]


def test_appendix_3_rounded_totals_add_up_to_the_pot():
    # Rounding each total to the nearest pound would give 426,001 (Blaby 59,551.53 -> 59,552);
    # the document's figures are the largest-remainder rounding that keeps the pot whole.
    assert abg_2010_11().rounded_sum == D("426000")


def test_components_must_add_up_to_the_pot():
    with pytest.raises(FormulaError, match="not the pot"):
        allocate(D("100"), [Component("a", D("90"), even_weights(["x"]))], ["x"])


def test_negative_weights_are_refused():
    with pytest.raises(FormulaError, match="negative"):
        allocate(D("10"), [Component("a", D("10"), {"x": D("-1"), "y": D("2")})], ["x", "y"])


def test_money_with_no_weight_to_share_by_is_refused():
    with pytest.raises(FormulaError, match="every weight is zero"):
        allocate(D("10"), [Component("a", D("10"), {"x": D("0")})], ["x"])


weights = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(
    pot=st.integers(min_value=0, max_value=10**8),
    split=st.floats(min_value=0, max_value=1),
    recipient_weights=st.lists(st.tuples(weights, weights), min_size=1, max_size=12).filter(
        lambda ws: sum(a for a, _ in ws) > 0 and sum(b for _, b in ws) > 0
    ),
)
def test_rounded_amounts_are_whole_pounds_add_up_and_stay_within_a_pound(pot, split, recipient_weights):
    recipients = [f"r{i}" for i in range(len(recipient_weights))]
    first = D(int(pot * split))
    result = allocate(
        D(pot),
        [
            Component("first", first, {r: w for r, (w, _) in zip(recipients, recipient_weights, strict=True)}),
            Component(
                "second", D(pot) - first, {r: w for r, (_, w) in zip(recipients, recipient_weights, strict=True)}
            ),
        ],
        recipients,
    )
    assert result.rounded_sum == D(pot)
    for share in result.shares:
        assert share.rounded_total == share.rounded_total.to_integral_value()
        assert abs(share.rounded_total - share.exact_total) < 1


@given(
    amounts=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=5).filter(any),
    pot=st.integers(min_value=0, max_value=10**8),
)
@settings(max_examples=200, deadline=None)
def test_scaling_to_a_pot_keeps_the_pennies(amounts, pot):
    from funding.formula import scale_to_pot

    scaled = scale_to_pot([D(a) for a in amounts], D(pot))
    assert sum(scaled) == D(pot)
    assert all(s == s.quantize(D("0.01")) for s in scaled)


def test_a_what_if_that_changes_only_the_pot_keeps_each_components_share():
    from funding.formula import what_if_inputs

    pot, amounts, note = what_if_inputs(D("426000"), [D("175000"), D("94125"), D("156875")], D("852000"), [None] * 3)
    assert pot == D("852000") and amounts == [D("350000.00"), D("188250.00"), D("313750.00")]
    assert "share" in note


def test_a_what_if_that_changes_a_component_makes_the_pot_their_sum():
    from funding.formula import what_if_inputs

    pot, amounts, _ = what_if_inputs(D("426000"), [D("175000"), D("94125"), D("156875")], None, [D("0"), None, None])
    assert pot == D("251000") and amounts == [D("0"), D("94125"), D("156875")]
