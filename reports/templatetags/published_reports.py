"""``{% published_versions area agreement quarter %}``: the report page's "Publish this report" button (board
officers) and the list of published versions the user may see, so the report page adds one line for both."""

from django import template

from core.periods import quarter_slug
from reports import published_access as access
from reports.published import versions

register = template.Library()


@register.inclusion_tag("reports/_published.html", takes_context=True)
def published_versions(context, area, agreement, quarter):
    user = context["request"].user
    return {
        "csrf_token": context.get("csrf_token"),
        "may_publish": access.rights(user, area).publish,
        "area": area,
        "agreement": agreement,
        "quarter": quarter,
        "quarter_slug": quarter_slug(quarter),
        "versions": versions(user, area, agreement, quarter),
    }
