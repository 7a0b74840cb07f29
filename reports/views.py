"""The Board report page and its downloads: one view, ``?format=`` for a file."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from indicators import reporting
from indicators.models import Agreement, Outcome
from indicators.selectors import latest_quarters
from reports import built_views, formats
from reports.access import readable_areas, require_report_reader
from reports.building import WantedFile
from reports.document import report_context
from reports.document import stylesheet as report_stylesheet
from reports.selectors import board_report


def chosen_agreement(query, agreements, quarter):
    """``?agreement=<id>``, else the latest agreement running in ``quarter``, else the latest one."""
    by_id = {str(a.pk): a for a in agreements}
    if query.get("agreement") in by_id:
        return by_id[query["agreement"]]
    running = [a for a in agreements if a.start_year <= quarter.year <= a.end_year]
    return (running or agreements or [None])[0]


@login_required
def board(request):
    area = reporting.chosen_area(request)
    require_report_reader(request.user, area)
    agreements = list(Agreement.objects.order_by("-start_year", "code"))
    latest = latest_quarters([area]).get(area.pk)
    quarter = reporting.chosen_quarter(request.GET, {area.pk: latest} if latest else {})
    quarter = quarter or reporting.last_agreement_quarter(agreements)
    agreement = chosen_agreement(request.GET, agreements, quarter) if quarter else None
    if agreement is None:
        raise Http404("No agreement or quarter has been loaded.")
    outcome = request.GET.get("outcome", "")
    outcomes = list(Outcome.objects.filter(agreement=agreement, pk=outcome)) or None if outcome.isdigit() else None
    if key := request.GET.get("format"):
        return _download(request, WantedFile(area, agreement, quarter, outcomes[0] if outcomes else None, key))
    report = board_report(area, quarter, agreement, outcomes=outcomes)
    context = {
        **report_context(report),
        "area": area,
        "areas": readable_areas(request.user),
        "agreements": agreements,
        "agreement": agreement,
        "quarter": quarter,
        "latest": latest,
        "years": reporting.year_choices(agreements, [area]),
        "formats": formats.FORMATS.values(),
    }
    return render(request, "reports/page.html", context)


def _download(request, wanted: WantedFile) -> HttpResponse:
    """A file of the report: a slow format is built off the request (``reports.building``), the others at once."""
    if wanted.format not in formats.FORMATS:
        raise Http404("No such format.")
    kind = formats.FORMATS[wanted.format]
    if kind.slow:
        return built_views.off_request(request, wanted)
    report = board_report(wanted.area, wanted.quarter, wanted.agreement, outcomes=wanted.outcomes)
    return built_views.attachment(
        formats.render(report, kind.key), kind.content_type, formats.filename(report, kind.key)
    )


@login_required
def stylesheet(request):
    """The report's stylesheet: the page links it (style-src 'self'), the saved document inlines the same."""
    return HttpResponse(report_stylesheet(), content_type="text/css; charset=utf-8")
