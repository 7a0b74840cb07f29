"""Who may do what with one return: decided here once, for the page, its forms and its buttons.

Modelled on healthchecks' ``_get_check_for_user`` returning ``(check, rw)``: the views ask once and get
the page together with the user's rights on it, instead of asking "may they?" in several places.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from pagecache import cache as pagecache
from partnerships import roles
from returns.models import ReturnStatus, quarter_closed_message
from returns.selectors import NOT_STARTED, ReturnPage, reporting_quarter_from_slug, return_areas, return_page

# The statuses in which the area's manager may still change the return.
EDITABLE = (NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.RETURNED)


@dataclass(frozen=True)
class Rights:
    """What one user may do with one return.

    ``manage``: the user is the area's CSP manager (may enter figures while the return is editable);
    ``edit``: they may change it now (open quarter, not yet with the Board); ``decide``: a board officer
    may approve it or send it back now (open quarter, submitted).
    """

    view: bool
    manage: bool
    edit: bool
    decide: bool


def return_rights(user, page: ReturnPage) -> Rights:
    manage = roles.manages_area(user, page.area)
    board = roles.is_board_officer(user)
    is_open = page.reporting_quarter.is_open
    return Rights(
        view=manage or board or roles.is_administrator(user),
        manage=manage,
        edit=manage and is_open and page.status in EDITABLE,
        decide=board and is_open and page.status == ReturnStatus.SUBMITTED,
    )


def get_return_for_user(request, period_slug: str, area_slug: str) -> tuple[ReturnPage, Rights]:
    """The return a URL names with the user's rights on it: 404 if it is not a return, 403 if they may not see it."""
    reporting_quarter = reporting_quarter_from_slug(period_slug)
    if reporting_quarter is None:
        raise Http404("No such reporting quarter")
    area = get_object_or_404(return_areas(), slug=area_slug)
    # Refused before the page is read, so a stranger costs no more than the check.
    if not roles.may_view_returns(request.user, area):
        raise PermissionDenied("You can only see returns for the areas of partnerships you manage.")
    # Kept per data version, which every write to a return, figure, judgement or milestone moves on in its own
    # transaction: the next request reads the saved figure. The services check the version against the database.
    page = pagecache.cached(
        request, "return page", (reporting_quarter.pk, area.pk), lambda: return_page(reporting_quarter, area)
    )
    return page, return_rights(request.user, page)


def refusal(page: ReturnPage) -> str:
    """Why the return cannot change now (the quarter is closed, or the Board has it)."""
    if not page.reporting_quarter.is_open:
        return quarter_closed_message(page.reporting_quarter.period)
    return f"This return is {page.status_label.lower()}, so it can no longer be changed."
