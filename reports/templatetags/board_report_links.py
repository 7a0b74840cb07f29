"""``{% board_report_links area quarter agreement %}``: the dashboard's one-click links to the quarter's Board report,
as a page and in every downloadable format, from the one format registry (``reports.formats``)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from reports.formats import FORMATS

register = template.Library()


@register.inclusion_tag("reports/_board_report_links.html")
def board_report_links(area, quarter, agreement=None):
    query = {"area": area.slug, "year": quarter.year.label, "quarter": quarter.number}
    if agreement:
        query["agreement"] = agreement
    page = f"{reverse('reports:board')}?{urlencode(query, safe='/')}"  # 2010/11 as people write it
    downloads = [(f, f"{page}&{urlencode({'format': f.key})}") for f in FORMATS.values() if f.key != "html"]
    return {"area": area, "quarter": quarter, "page": page, "downloads": downloads}
