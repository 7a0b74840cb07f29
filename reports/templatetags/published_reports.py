"""``{% published_versions area agreement quarter report %}``: under the report page, the published versions the
user may see, what has changed in the report since the latest of them, and for board officers the "Publish this
report" button; so the report page adds one line for all three."""

from django import template

from core.periods import quarter_slug
from reports import published_access as access
from reports.changes import changes
from reports.published import latest_snapshot, versions

register = template.Library()


@register.inclusion_tag("reports/_published.html", takes_context=True)
def published_versions(context, area, agreement, quarter, report=None):
    request = context["request"]
    published = versions(request.user, area, agreement, quarter)
    # A published version covers every outcome: compared only with the report on every outcome.
    compare = published and report is not None and not request.GET.get("outcome")
    return {
        "csrf_token": context.get("csrf_token"),
        "may_publish": access.rights(request.user, area).publish,
        "area": area,
        "agreement": agreement,
        "quarter": quarter,
        "quarter_slug": quarter_slug(quarter),
        "versions": published,
        "since_latest": changes(latest_snapshot(published[0]), report.snapshot()) if compare else None,
    }
