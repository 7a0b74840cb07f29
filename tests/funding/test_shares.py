"""Sharing money between years or contributors without inventing a split (``funding.shares``), and the one rule
for a year's part of a grant, as the import and the admin apply it."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from core.imports.io import result_errors, table_import
from core.periods import FinancialYear
from funding.models import Allocation, Contribution, Grant
from funding.resources import AllocationResource
from funding.shares import Basis, Share, part_period_problem, share_out, years_between
from funding.totals import Remainder, remainder
from tests.imports.conftest import csv_bytes

Y11, Y12, Y13 = FinancialYear(2011), FinancialYear(2012), FinancialYear(2013)


@pytest.mark.parametrize(
    ("whole", "keys", "stated", "expected"),
    [
        # One year: the whole itself.
        ("600", [Y11], {}, [Share((Y11,), D(600), Basis.WHOLE)]),
        # The CSF's IOM line: £291,250 over 18 months, £194,000 of it stated for 2012/13.
        (
            "291250",
            [Y11, Y12],
            {Y12: D(194000)},
            [Share((Y12,), D(194000), Basis.STATED), Share((Y11,), D(97250), Basis.DERIVED)],
        ),
        # Nothing stated for three years: not split, never an even split.
        ("332500", [Y11, Y12, Y13], {}, [Share((Y11, Y12, Y13), D(332500), Basis.NOT_SPLIT)]),
        # A contributor named with no amount is left to the rest.
        (
            "770067",
            ["Home Office", "Youth Justice Board"],
            {"Home Office": D(100108), "Youth Justice Board": None},
            [
                Share(("Home Office",), D(100108), Basis.STATED),
                Share(("Youth Justice Board",), D(669959), Basis.DERIVED),
            ],
        ),
        # Every part stated but short of the whole: the rest is a flag, so the shares still add up.
        (
            "100",
            [Y11, Y12],
            {Y11: D(30), Y12: D(60)},
            [
                Share((Y11,), D(30), Basis.STATED),
                Share((Y12,), D(60), Basis.STATED),
                Share((), D(10), Basis.UNPLACED),
            ],
        ),
        # The whole not stated: the rest is unknown, not zero.
        (None, [Y11, Y12], {Y12: D(5)}, [Share((Y12,), D(5), Basis.STATED), Share((Y11,), None, Basis.DERIVED)]),
    ],
)
def test_share_out_keeps_the_stated_parts_and_never_invents_a_split(whole, keys, stated, expected):
    shares = share_out(None if whole is None else D(whole), keys, stated)
    assert shares == expected
    if whole is not None:
        assert sum(s.amount for s in shares) == D(whole)  # each pound once


def test_the_18_months_touch_two_financial_years():
    assert years_between(date(2011, 10, 1), date(2013, 3, 31)) == (Y11, Y12)


@pytest.mark.parametrize(
    ("part", "problem"),
    [
        ((date(2012, 4, 1), date(2013, 3, 31)), None),
        ((date(2011, 10, 1), date(2012, 9, 30)), "A year's part must fall within one financial year"),
        ((date(2013, 4, 1), date(2014, 3, 31)), "A year's part must lie within the whole grant's period"),
        ((date(2011, 10, 1), date(2013, 3, 31)), "A part covering the whole grant's period is the grant itself"),
    ],
)
def test_a_years_part_falls_in_one_year_inside_its_whole(part, problem):
    assert part_period_problem(part=part, whole=(date(2011, 10, 1), date(2013, 3, 31))) == problem


@pytest.mark.parametrize(
    ("amount", "allocated", "approximate", "has_lines", "expected"),
    [
        ("184576", "169578", False, True, (Remainder.UNALLOCATED, D(14998))),  # SLP: 'Amount To Be Allocated'
        ("741000", "740977", True, True, (Remainder.DIFFERENCE, D(-23))),  # ABG: two statements 23 apart
        ("3300000", None, True, False, (Remainder.NOT_DIVIDED, None)),  # DIP pool: contributions, no lines
        (None, "600110", False, True, (Remainder.NOT_STATED, None)),
    ],
)
def test_money_is_not_yet_allocated_only_where_the_documents_imply_it(
    amount, allocated, approximate, has_lines, expected
):
    given = remainder(
        None if amount is None else D(amount),
        None if allocated is None else D(allocated),
        approximate=approximate,
        has_lines=has_lines,
    )
    assert given == expected


PART = "Community Safety Fund Leicestershire 2012/13"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "message"),
    [
        (f"{PART},Street pastors,Activity,1000", "has no line with this label"),
        (f"{PART},Programme Evaluation,Activity,20000", "cannot be more than the whole line's £11,440"),
    ],
)
def test_the_import_refuses_a_years_part_line_the_whole_does_not_hold(seeded, line, message):
    before = Allocation.objects.count()
    result = table_import(
        resource_class=AllocationResource,
        data=csv_bytes("grant,label,category,amount", line),
        file_name="allocations.csv",
        dry_run=False,
    )
    errors = result_errors(result)
    assert len(errors) == 1 and message in errors[0]
    assert Allocation.objects.count() == before


@pytest.mark.django_db
def test_a_grant_cannot_be_a_part_spanning_two_years(seeded):
    whole = Grant.objects.get(title="Community Safety Fund Leicestershire Oct 2011 to Mar 2013 (18-month allocation)")
    part = Grant(title="x", stream=whole.stream, starts_on=date(2011, 10, 1), ends_on=date(2012, 9, 30), part_of=whole)
    with pytest.raises(ValidationError, match="one financial year"):
        part.full_clean()


@pytest.mark.django_db
def test_stated_contributions_cannot_come_to_more_than_the_grant(seeded):
    grant = Grant.objects.get(title="Youth Justice Grant Leicestershire and Rutland 2011/12")
    contribution = Contribution(grant=grant, contributor="Someone", amount=D("700000"))
    with pytest.raises(ValidationError, match="more than the grant"):
        contribution.full_clean()
