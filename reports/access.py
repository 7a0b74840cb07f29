"""Who may read a Board report: board officers and administrators for any area, a CSP manager for the
areas of the partnerships they manage. Raises ``PermissionDenied`` (403); anonymous users never get here
(the views require a sign-in first)."""

from django.core.exceptions import PermissionDenied

from partnerships import roles
from partnerships.models import Area


def may_read_report(user, area) -> bool:
    return roles.is_board_officer(user) or roles.is_administrator(user) or roles.manages_area(user, area)


def require_report_reader(user, area) -> None:
    if not may_read_report(user, area):
        raise PermissionDenied("You can only see Board reports for the areas of partnerships you manage.")


def readable_areas(user):
    """The areas the report's area choice offers the user (a lazy queryset)."""
    if roles.is_board_officer(user) or roles.is_administrator(user):
        return Area.objects.order_by("name")
    return roles.managed_areas(user).order_by("name")
