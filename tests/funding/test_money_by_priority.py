"""Money joined to outcomes: per priority, what a partnership was allocated and spent beside its RAG."""

from decimal import Decimal as D

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from core.periods import Quarter
from funding.models import SpendLine
from funding.selectors import money_by_priority
from partnerships.models import Partnership


def _slp():
    return Partnership.objects.get(name="Safer Leicester Partnership")


def test_the_slp_sees_its_money_by_priority(seeded):
    rows = {row.theme.name: row for row in money_by_priority(_slp(), Quarter(2012, 1))}
    iom = rows["Preventing Offending and Reducing Re-offending"]
    assert (iom.allocated, iom.spent, iom.percent_spent) == (D("55000"), D("13750"), D("25.0"))
    assert (rows["Domestic Abuse"].allocated, rows["Domestic Abuse"].spent) == (D("10000"), D("0"))


def test_spend_after_the_quarter_is_not_counted(seeded):
    row = next(r for r in money_by_priority(_slp(), Quarter(2011, 4)) if r.theme.name == "Domestic Abuse")
    assert row.spent == D("0")


def test_the_include_renders_a_row_per_priority(seeded):
    rows = money_by_priority(_slp(), Quarter(2012, 1))
    html = render_to_string("funding/_money_by_priority.html", {"rows": rows, "quarter": Quarter(2012, 1)})
    assert "Preventing Offending and Reducing Re-offending" in html and "£55,000" in html and "25.0%" in html


def test_a_district_csp_gets_its_indicators_rag_and_milestones(seeded):
    nwl = Partnership.objects.get(name="Safer North West Partnership")
    rows = money_by_priority(nwl, Quarter(2013, 1))
    assert rows  # its 2013/14 strategy priorities carry themes
    assert all(isinstance(row.milestones_due, int) for row in rows)


def test_its_query_count_does_not_grow_with_spend(seeded):
    slp = _slp()
    with CaptureQueriesContext(connection) as before:
        money_by_priority(slp, Quarter(2012, 2))
    for allocation in slp.grants_received.get().allocations.all():
        SpendLine.objects.create(allocation=allocation, year=2012, quarter=2, amount=1, item="more")
    with CaptureQueriesContext(connection) as after:
        money_by_priority(slp, Quarter(2012, 2))
    assert len(after) == len(before)
