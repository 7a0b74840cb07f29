from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from core.exports import export_response
from funding.models import Allocation
from funding.selectors import money_by_priority
from funding.tables import MoneyByPriorityTable
from indicators.models import Indicator, Measurement, Target
from indicators.selectors import indicator_statuses, latest_quarter_with_figures
from partnerships.models import (
    HeadlineAction,
    Milestone,
    Partnership,
    PartnershipPriority,
    PriorityHolding,
    PriorityTheme,
)
from partnerships.tables import ActionTable, GrantsReceivedTable, PartnershipAllocationTable, PerformanceTable


@login_required
def partnership_index(request):
    partnerships = Partnership.objects.select_related("reports_to").order_by("kind", "name")
    labels = dict(Partnership.Kind.choices)
    groups = [(labels[kind], list(items)) for kind, items in groupby(partnerships, key=lambda p: p.kind)]
    return render(request, "partnerships/index.html", {"groups": groups})


@login_required
def partnership_detail(request, slug):
    partnership = get_object_or_404(Partnership.objects.select_related("reports_to"), slug=slug)
    areas = list(partnership.areas.all())
    quarter = latest_quarter_with_figures()
    performance = []
    if quarter:
        for area in areas:
            # EXISTS on the (indicator, area, …) unique indexes: no join fan-out over the figures table.
            indicators = Indicator.objects.for_dashboard(quarter.year).filter(
                Exists(Target.objects.filter(indicator=OuterRef("pk"), area=area))
                | Exists(Measurement.objects.filter(indicator=OuterRef("pk"), area=area))
            )
            performance.append((area, indicator_statuses(indicators, area, quarter)))
    priorities = PartnershipPriority.objects.filter(partnership=partnership).prefetch_related(
        Prefetch(
            "actions",
            queryset=HeadlineAction.objects.prefetch_related(
                Prefetch("milestones", queryset=Milestone.objects.order_by("year", "quarter"))
            ),
        )
    )
    allocations = (
        Allocation.objects.filter(partnership=partnership)
        .select_related("grant", "grant__stream", "priority")
        .order_by("grant__starts_on", "grant__title", "order")
    )
    grants_received = partnership.grants_received.select_related("stream").order_by("starts_on")
    money = money_by_priority(partnership, quarter)
    downloads = _partnership_tables(performance, priorities, money, quarter, grants_received, allocations)
    if response := export_response(request, downloads, partnership.slug):
        return response
    context = {
        "partnership": partnership,
        "areas": areas,
        "memberships": partnership.memberships.select_related("agency"),
        "reporting": Partnership.objects.filter(Q(reports_to=partnership) | Q(also_reports_to=partnership)).distinct(),
        "also_reports_to": partnership.also_reports_to.all(),
        "holdings": partnership.priority_holdings.select_related("theme").order_by("theme__order"),
        "priorities": priorities,
        "quarter": quarter,
        "performance": performance,
        "allocations_by_year": [
            (year, list(rows)) for year, rows in groupby(allocations, key=lambda a: a.grant.financial_year)
        ],
        "grants_received": grants_received,
        "money_by_priority": money,
    }
    return render(request, "partnerships/detail.html", context)


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
