"""Who may do what: board officers, CSP managers and administrators.

- A *board officer* (group "Board officers") reads every return and approves or
  returns submitted ones; enters nothing.
- A *CSP manager* (group "CSP managers" and listed in ``Partnership.managers``)
  enters figures, commentary and milestone status only for the areas and action
  plans of the current partnerships they manage. Both are needed: taking a
  person out of the group removes their rights without editing partnerships.
- An *administrator* (a superuser, or group "Administrators" with staff access)
  works in Django admin and opens and closes quarters.

Access helpers raise ``PermissionDenied`` (403) or ``Http404``; views call them
before reading or writing anything. What a user manages is read once and kept on
the user object, which Django builds afresh for every request: one page asking
"may they?" several times (the return page, each milestone saved) costs one query.
"""

from django.core.exceptions import PermissionDenied

from partnerships.models import Area, Partnership

BOARD_OFFICERS = "Board officers"
CSP_MANAGERS = "CSP managers"
ADMINISTRATORS = "Administrators"


def _group_names(user) -> frozenset[str]:
    """The user's group names, cached on the user object for the request (one query)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_role_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_group_names = cached
    return cached


def is_board_officer(user) -> bool:
    return BOARD_OFFICERS in _group_names(user)


def is_csp_manager(user) -> bool:
    return CSP_MANAGERS in _group_names(user)


def is_administrator(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or (user.is_staff and ADMINISTRATORS in _group_names(user))


def managed_partnerships(user):
    """Current partnerships whose figures and action plans ``user`` enters (none unless a CSP manager)."""
    if not is_csp_manager(user):
        return Partnership.objects.none()
    return Partnership.objects.managed_by(user).current()


def managed_areas(user):
    """Areas ``user`` enters figures for, through the partnerships they manage."""
    if not is_csp_manager(user):
        return Area.objects.none()
    return Area.objects.filter(partnerships__in=managed_partnerships(user)).distinct()


def _managed_ids(user) -> tuple[frozenset[int], frozenset[int]]:
    """``(partnership ids, area ids)`` the user manages, read once (one query) and cached on the user."""
    if not is_csp_manager(user):
        return frozenset(), frozenset()
    cached = getattr(user, "_role_managed_ids", None)
    if cached is None:
        pairs = managed_partnerships(user).values_list("pk", "areas")
        cached = (frozenset(p for p, _ in pairs), frozenset(a for _, a in pairs if a is not None))
        user._role_managed_ids = cached
    return cached


def manages_area(user, area) -> bool:
    return area.pk in _managed_ids(user)[1]


def manages_partnership(user, partnership) -> bool:
    return partnership is not None and partnership.pk in _managed_ids(user)[0]


def may_view_returns(user, area) -> bool:
    return is_board_officer(user) or is_administrator(user) or manages_area(user, area)


def require_return_viewer(user, area) -> None:
    if not may_view_returns(user, area):
        raise PermissionDenied("You can only see returns for the areas of partnerships you manage.")


def require_area_manager(user, area) -> None:
    """Entering figures: only a CSP manager of a partnership covering ``area``."""
    if not manages_area(user, area):
        raise PermissionDenied("Only the area's CSP manager can enter its figures.")


def require_board_officer(user) -> None:
    if not is_board_officer(user):
        raise PermissionDenied("Only board officers can approve or return a return.")


def require_partnership_manager(user, partnership) -> None:
    if not manages_partnership(user, partnership):
        raise PermissionDenied("Only the partnership's CSP manager can update its action plan.")
