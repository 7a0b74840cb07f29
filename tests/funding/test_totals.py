"""Totals computed from lines against the totals documents state (no database)."""

from decimal import Decimal as D

from core.totals import check_total, sum_lines
from funding.totals import check_remainder


def test_sum_ignores_lines_without_an_amount_and_counts_the_rest():
    assert sum_lines([D("1"), None, D("2.50")]) == (D("3.50"), 2)
    assert sum_lines([None, None]) == (None, 0)


def test_locality_allocations_2012_13_add_to_98001_not_98000():
    # seed 002: the seven CSP locality allocations for 2012-13 against the activity table's line.
    lines = [D(x) for x in ("13959", "21835", "11965", "15086", "10069", "14229", "10858")]
    check = check_total("CSF Leicestershire 2012/13", "Locality Allocations", D("98000"), lines)
    assert check.computed == D("98001")
    assert check.differs
    assert check.difference == D("1")


def test_matching_total_is_not_flagged():
    check = check_total("x", "Total", D("3"), [D("1"), D("2")])
    assert not check.differs
    assert check.difference == 0


def test_remainder_is_pot_less_allocated():
    # Safer Leicester Partnership: £184,576 received, £169,578 allocated, "Amount To Be Allocated 14,998".
    lines = [D(x) for x in ("35000", "19000", "40000", "10000", "10578", "55000")]
    check = check_remainder("SLP", "Amount To Be Allocated", D("14998"), D("184576"), lines)
    assert check.computed == D("14998")
    assert not check.differs


def test_remainder_without_a_pot_cannot_be_computed():
    check = check_remainder("x", "y", D("1"), None, [D("1")])
    assert check.computed is None
    assert not check.differs
