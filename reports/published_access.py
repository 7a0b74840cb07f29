"""Who may publish Board reports and who may read published ones: decided here once.

- Publishing is a board officer's act, like approving a return (``partnerships.roles``): only board
  officers publish. Administrators keep the site running and open and close quarters; they read every
  published report but do not publish (give them the Board officers group if they must).
- Board officers and administrators read every published report; a CSP manager reads those for the
  areas of the partnerships they manage, and gets 403 for any other, as for returns.

As with returns (``returns.access``), one helper returns the object together with the user's rights.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from partnerships import roles
from reports.models import PublishedReport

NOT_YOURS = "You can only see published reports for the areas of partnerships you manage."


@dataclass(frozen=True)
class Rights:
    view: bool
    publish: bool


def rights(user, area) -> Rights:
    board = roles.is_board_officer(user)
    return Rights(view=board or roles.is_administrator(user) or roles.manages_area(user, area), publish=board)


def require_publisher(user) -> None:
    if not roles.is_board_officer(user):
        raise PermissionDenied("Only board officers can publish a Board report.")


def visible_published(user, reports):
    """``reports`` narrowed to those ``user`` may read."""
    if roles.is_board_officer(user) or roles.is_administrator(user):
        return reports
    return reports.filter(area__in=roles.managed_areas(user))


def get_published_for_user(request, pk: int) -> tuple[PublishedReport, Rights]:
    """The published report a URL names with the user's rights: 404 if there is none, 403 if not theirs."""
    published = get_object_or_404(PublishedReport.objects.select_related("area", "agreement", "published_by"), pk=pk)
    allowed = rights(request.user, published.area)
    if not allowed.view:
        raise PermissionDenied(NOT_YOURS)
    return published, allowed
