from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from core.exports import export_response
from funding.models import Allocation
from funding.selectors import money_by_priority
from funding.tables import MoneyByPriorityTable
from indicators import reporting
from indicators.selectors import latest_quarters, performance_by_area
from pagecache.pages import render_page
from partnerships.models import Agency, Area, Partnership, PriorityHolding, PriorityTheme
from partnerships.selectors import (
    agencies_for_page,
    area_partnerships,
    fact_groups,
    facts_for,
    listed_groups,
    listed_items_for,
    plan_sections,
    priorities_with_actions,
    reporting_to,
)
from partnerships.tables import ActionTable, GrantsReceivedTable, PartnershipAllocationTable, PerformanceTable


@login_required
def partnership_index(request):
    partnerships = Partnership.objects.select_related("reports_to").order_by("kind", "name")
    labels = dict(Partnership.Kind.choices)
    groups = [(labels[kind], list(items)) for kind, items in groupby(partnerships, key=lambda p: p.kind)]
    context = {
        "groups": groups,
        "areas": Area.objects.order_by("name"),
        "agencies": Agency.objects.order_by("name"),
    }
    return render(request, "partnerships/index.html", context)


@login_required
def partnership_detail(request, slug):
    # Nothing on the page depends on who reads it: kept per data version and query string.
    return render_page(request, (), lambda: _partnership_detail(request, slug))


def _partnership_detail(request, slug):
    """The partnership page's template and context, or a download."""
    partnership = get_object_or_404(Partnership.objects.select_related("reports_to"), slug=slug)
    areas = list(partnership.areas.all())
    latest = latest_quarters(areas)  # the partnership's own areas: another area's late figure moves nothing here
    quarter = reporting.chosen_quarter(request.GET, latest)
    performance = performance_by_area(areas, quarter, latest)
    priorities = priorities_with_actions(partnership)
    allocations = (
        Allocation.objects.filter(partnership=partnership)
        .select_related("grant", "grant__stream", "priority")
        .order_by("grant__starts_on", "grant__title", "order")
    )
    grants_received = partnership.grants_received.select_related("stream").order_by("starts_on")
    money = money_by_priority(partnership, quarter, as_of=latest)
    downloads = _partnership_tables(performance, priorities, money, quarter, grants_received, allocations)
    if response := export_response(request, downloads, partnership.slug):
        return response
    context = {
        "object": partnership,  # the directory page's heading (partnerships/page.html)
        "partnership": partnership,
        "areas": areas,
        "memberships": partnership.memberships.select_related("agency"),
        "reporting": reporting_to(partnership),
        "also_reports_to": partnership.also_reports_to.all(),
        "holdings": partnership.priority_holdings.select_related("theme").order_by("theme__order"),
        "priorities": priorities,
        "quarter": quarter,
        "latest": max(latest.values(), default=None),
        "years": reporting.year_choices([], areas),
        "area": partnership,
        "performance": performance,
        "allocations": allocations,  # a table a year: the template regroups them by the grant's year
        "grants_received": grants_received,
        "money_by_priority": money,
        "fact_groups": fact_groups(facts_for(partnership=partnership)),
        "lists": listed_groups(listed_items_for(partnership=partnership)),
    }
    return "partnerships/detail.html", context


def _partnership_tables(performance, priorities, money, quarter, grants_received, allocations) -> dict:
    """The page's tables as downloads; a table the page repeats (per area, priority or year) is one file."""
    tables = {}
    if performance:
        tables["performance"] = PerformanceTable(
            [status for _, statuses in performance for status in statuses], caption=f"Performance, {quarter.label}"
        )
    if priorities:
        tables["actions"] = ActionTable(
            [action for priority in priorities for action in priority.actions.all()], caption="Action plan"
        )
    tables["money"] = MoneyByPriorityTable(money, quarter=quarter, caption="Money and results by priority")
    if grants_received:
        tables["grants"] = GrantsReceivedTable(grants_received, caption="Grants received")
    if allocations:
        tables["allocations"] = PartnershipAllocationTable(allocations, caption="Allocations to this partnership")
    return tables


@login_required
def priority_matrix(request):
    """The CSP × theme matrix of seed 000 Appendix 2, as an accessible table."""
    holdings = PriorityHolding.objects.filter(partnership__kind=Partnership.Kind.CSP).select_related("theme")
    columns = list(
        Partnership.objects.csps()
        .filter(priority_holdings__isnull=False)
        .distinct()
        .prefetch_related("areas")
        .order_by("name")
    )
    columns.sort(key=lambda p: p.areas.all()[0].name if p.areas.all() else p.name)
    cells = {(h.theme_id, h.partnership_id): h for h in holdings}
    themes = PriorityTheme.objects.filter(holdings__isnull=False).distinct().order_by("order", "name")
    rows = [(theme, [cells.get((theme.pk, p.pk)) for p in columns]) for theme in themes]
    years = {(h.start_year, h.end_year) for h in cells.values()}
    return render(request, "partnerships/matrix.html", {"columns": columns, "rows": rows, "years": sorted(years)})


@login_required
def area_detail(request, slug):
    """An area: where it sits, its population with year and source, who covers it, what the documents say of it."""
    area = get_object_or_404(Area.objects.select_related("parent"), slug=slug)
    context = {
        "object": area,  # the directory page's heading (partnerships/page.html)
        "area": area,
        "children": area.children.order_by("name"),
        "partnerships": area_partnerships(area),
        "fact_groups": fact_groups(facts_for(areas=area)),
        "lists": listed_groups(listed_items_for(area=area)),
    }
    return render(request, "partnerships/area.html", context)


@login_required
def agency_detail(request, pk):
    """An agency: the partnerships it sits on, its own action plans, and what the documents list and state for it."""
    agency = get_object_or_404(agencies_for_page(), pk=pk)
    context = {
        "object": agency,  # the directory page's heading (partnerships/page.html)
        "agency": agency,
        "plans": [(plan, plan_sections(plan)) for plan in agency.action_plans.all()],
        "fact_groups": fact_groups(facts_for(agency=agency)),
        "lists": listed_groups(listed_items_for(agency=agency)),
    }
    return render(request, "partnerships/agency.html", context)
