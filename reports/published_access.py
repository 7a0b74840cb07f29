"""Who may publish Board reports and who may read published ones: decided here once.

- Publishing is a board officer's act, like approving a return (``partnerships.roles``): only board
  officers publish. Administrators keep the site running and open and close quarters; they read every
  published report but do not publish (give them the Board officers group if they must).
- Whoever may read the report page for an area (``reports.access.may_read_report``: board officers and
  administrators, and a CSP manager for the areas of the partnerships they manage) may read its published
  versions; anyone else gets 403, as for returns and the report page.

As with returns (``returns.access``), one helper returns the object together with the user's rights.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from partnerships import roles
from reports.access import may_read_report
from reports.models import PublishedReport

NOT_YOURS = "You can only see published reports for the areas of partnerships you manage."


@dataclass(frozen=True)
class Rights:
    view: bool
    publish: bool


def rights(user, area) -> Rights:
    return Rights(view=may_read_report(user, area), publish=roles.is_board_officer(user))


def require_publisher(user) -> None:
    if not roles.is_board_officer(user):
        raise PermissionDenied("Only board officers can publish a Board report.")


def get_published_for_user(request, pk: int) -> tuple[PublishedReport, Rights]:
    """The published report a URL names with the user's rights: 404 if there is none, 403 if not theirs."""
    published = get_object_or_404(PublishedReport.objects.select_related("area", "agreement", "published_by"), pk=pk)
    allowed = rights(request.user, published.area)
    if not allowed.view:
        raise PermissionDenied(NOT_YOURS)
    return published, allowed
