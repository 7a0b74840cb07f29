"""Reads for the partnership pages and the reference pages: an area, an agency, and what the documents list and
state for them."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch, Q, QuerySet

from core.totals import TotalCheck
from partnerships.facts import AreaFact, ListedItem, fact_total_checks
from partnerships.models import Agency, Area, HeadlineAction, Membership, Milestone, Partnership, PartnershipPriority
from partnerships.plans import ActionPlan


@dataclass
class FactGroup:
    """The facts under one heading, with the checks of any stated total among them."""

    topic: str
    facts: list = field(default_factory=list)
    checks: list[TotalCheck] = field(default_factory=list)


def fact_groups(facts) -> list[FactGroup]:
    """Facts grouped by topic (in the order given); a total's checks use the lines that are in the same list."""
    facts = list(facts)
    parts: dict[int, list] = {}
    for fact in facts:
        if fact.part_of_id:
            parts.setdefault(fact.part_of_id, []).append(fact)
    groups = []
    for topic, rows in groupby(facts, key=lambda f: f.topic):
        group = FactGroup(topic, list(rows))
        for fact in group.facts:
            if fact.pk in parts:
                group.checks.extend(fact_total_checks(fact, parts[fact.pk]))
        groups.append(group)
    return groups


def listed_groups(items) -> list[tuple[str, list]]:
    """Listed items as (list title, items), each list in its own order."""
    return [(title, list(rows)) for title, rows in groupby(items, key=lambda i: i.list_title)]


def facts_for(**owner) -> QuerySet:
    """One query: the facts of an area (``areas=area``), a partnership or an agency, in the documents' order."""
    return AreaFact.objects.filter(**owner).order_by("topic", "order", "pk")


def listed_items_for(**owner) -> QuerySet:
    return ListedItem.objects.filter(**owner).order_by("list_title", "number")


def area_partnerships(area: Area) -> QuerySet:
    return Partnership.objects.filter(areas=area).order_by("kind", "name")


def agencies_for_page() -> QuerySet:
    """Agencies with their memberships and their own action plans (rows and contributions): four queries."""
    return Agency.objects.prefetch_related(
        Prefetch(
            "memberships", queryset=Membership.objects.select_related("partnership").order_by("partnership__name")
        ),
        Prefetch(
            "action_plans",
            queryset=ActionPlan.objects.prefetch_related("activities", "contributions").order_by("start_year"),
        ),
    )


def plan_sections(plan: ActionPlan) -> list[tuple[str, list]]:
    """A plan's activities under their section headings, in table order."""
    rows = sorted(plan.activities.all(), key=lambda a: a.number)
    return [(section, list(items)) for section, items in groupby(rows, key=lambda a: a.section)]


def priorities_with_actions(partnership):
    """The partnership's priorities with their headline actions and milestones (in date order) prefetched."""
    return PartnershipPriority.objects.filter(partnership=partnership).prefetch_related(
        Prefetch(
            "actions",
            queryset=HeadlineAction.objects.prefetch_related(
                Prefetch("milestones", queryset=Milestone.objects.order_by("year", "quarter"))
            ),
        )
    )


def reporting_to(partnership) -> QuerySet:
    """The partnerships that report to this one, on their main line or a further one (seed 002's Reducing
    Reoffending Board reports to two boards)."""
    return Partnership.objects.filter(Q(reports_to=partnership) | Q(also_reports_to=partnership)).distinct()
