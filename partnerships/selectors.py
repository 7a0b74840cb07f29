"""Reads for partnership pages."""

from django.db.models import Prefetch

from partnerships.models import HeadlineAction, Milestone, PartnershipPriority


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
