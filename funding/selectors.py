"""Reads for funding pages and data-quality checks."""

from collections import defaultdict

from funding.models import Allocation, Grant, SpendLine, StatedTotal
from funding.totals import TotalCheck, check_remainder, check_total


def total_checks(grants=None) -> list[TotalCheck]:
    """Every stated total and every line that breaks down into sub-lines, against its computed total.

    Four queries whatever the number of grants: grants, allocations, stated totals, spend lines.
    """
    grants = list((grants if grants is not None else Grant.objects.all()).order_by("starts_on", "title"))
    grant_ids = [g.pk for g in grants]
    allocations = list(Allocation.objects.filter(grant_id__in=grant_ids).order_by("order", "pk"))
    children = defaultdict(list)
    top_level = defaultdict(list)
    for allocation in allocations:
        if allocation.parent_id:
            children[allocation.parent_id].append(allocation)
        else:
            top_level[allocation.grant_id].append(allocation)
    spend = defaultdict(list)
    for line in SpendLine.objects.filter(allocation__grant_id__in=grant_ids).select_related("allocation"):
        spend[(line.allocation.grant_id, line.year, line.quarter)].append(line.amount)
    by_id = {g.pk: g for g in grants}
    allocations_by_id = {a.pk: a for a in allocations}

    checks = []
    for stated in StatedTotal.objects.filter(grant_id__in=grant_ids).order_by("grant__starts_on", "pk"):
        grant = by_id[stated.grant_id]
        if stated.measure == StatedTotal.Measure.ALLOCATED:
            if stated.allocation_id:
                parent = allocations_by_id[stated.allocation_id]
                lines = [a.amount for a in children[parent.pk]]
                subject = f"{grant.title}: {parent.label}"
            else:
                lines = [a.amount for a in top_level[grant.pk]]
                subject = grant.title
            checks.append(check_total(subject, stated.label, stated.amount, lines, stated.source))
        elif stated.measure == StatedTotal.Measure.UNALLOCATED:
            lines = [a.amount for a in top_level[grant.pk]]
            checks.append(check_remainder(grant.title, stated.label, stated.amount, grant.amount, lines, stated.source))
        elif stated.measure == StatedTotal.Measure.SPEND:
            lines = spend[(grant.pk, stated.year, stated.quarter)]
            checks.append(check_total(grant.title, stated.label, stated.amount, lines, stated.source))
    for allocation in allocations:
        if allocation.amount is not None and children[allocation.pk]:
            grant = by_id[allocation.grant_id]
            checks.append(
                check_total(
                    f"{grant.title}: {allocation.label}",
                    f"'{allocation.label}' line against its breakdown",
                    allocation.amount,
                    [a.amount for a in children[allocation.pk]],
                    allocation.source,
                )
            )
    return checks


def flagged_total_checks(grants=None) -> list[TotalCheck]:
    return [check for check in total_checks(grants) if check.differs]
