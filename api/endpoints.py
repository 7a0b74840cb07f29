"""The read operations under /api/v1/. Each is a selector, a row shape and the one list answer (JSON page or CSV)."""

from typing import Annotated

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Schema
from ninja.errors import HttpError

from api import rows, schemas, selectors
from api.api import api
from api.conventions import PERIOD_PATTERN, QUARTER_PATTERN, YEAR_PATTERN
from api.listing import KeysetPaging, Paging, listing
from core.periods import FinancialYear, PeriodError, Quarter, parse_period

# Free-text parameters: short, and no control characters (a NUL byte is an error in PostgreSQL, not a 500).
TEXT = {"max_length": 100, "pattern": r"^[^\x00-\x1f]*$"}
MAX_ID = 2**63 - 1  # a bigint: anything larger is a 400, not a database error

# A financial year, written as the API writes it.
Year = Annotated[str | None, Query(pattern=YEAR_PATTERN, examples=["2010/11"])]
# A grant's id, as the grants list gives it.
GrantId = Annotated[int | None, Query(ge=1, le=MAX_ID)]

ERRORS = {400: schemas.Problem, 401: schemas.Problem, 429: schemas.Problem}
CSV = {"x-csv": True}


def _responses(item, *extra, by_cursor=False):
    return {200: schemas.page_of(item, by_cursor), **ERRORS, **{status: schemas.Problem for status in extra}}


def _period(text: str | None, name: str, kind=None):
    """A query parameter naming a period; a 400 problem when it names none."""
    if not text:
        return None
    try:
        value = kind.parse(text) if kind else parse_period(text)
    except PeriodError as exc:
        raise HttpError(400, f"{name}: {exc}") from exc
    return value


@api.get("/areas", response=_responses(schemas.AreaOut), tags=["Partnerships"], openapi_extra=CSV)
def areas(request: HttpRequest, response: HttpResponse, paging: Query[Paging]):
    """Areas: force area, county, unitaries and districts, with ONS codes."""
    return listing(request, response, selectors.areas(), rows.area, paging, schemas.AreaOut, "areas")


@api.get("/partnerships", response=_responses(schemas.PartnershipOut), tags=["Partnerships"], openapi_extra=CSV)
def partnerships(request: HttpRequest, response: HttpResponse, paging: Query[Paging]):
    """Partnerships, the areas each covers and the body each reports to."""
    return listing(
        request, response, selectors.partnerships(), rows.partnership, paging, schemas.PartnershipOut, "partnerships"
    )


@api.get("/agreements", response=_responses(schemas.AgreementOut), tags=["Indicators"], openapi_extra=CSV)
def agreements(request: HttpRequest, response: HttpResponse, paging: Query[Paging]):
    """Performance agreements (LAA 2006–09, LAA2 2008–11, …)."""
    return listing(
        request, response, selectors.agreements(), rows.agreement, paging, schemas.AgreementOut, "agreements"
    )


@api.get("/outcomes", response=_responses(schemas.OutcomeOut), tags=["Indicators"], openapi_extra=CSV)
def outcomes(
    request: HttpRequest, response: HttpResponse, paging: Query[Paging], agreement: str | None = Query(None, **TEXT)
):
    """Outcomes within agreements; ``agreement`` is an agreement's code."""
    return listing(
        request, response, selectors.outcomes(agreement), rows.outcome, paging, schemas.OutcomeOut, "outcomes"
    )


@api.get("/indicators", response=_responses(schemas.IndicatorOut), tags=["Indicators"], openapi_extra=CSV)
def indicators(
    request: HttpRequest, response: HttpResponse, paging: Query[Paging], agreement: str | None = Query(None, **TEXT)
):
    """Indicators with unit, polarity, frequency and tolerance."""
    return listing(
        request, response, selectors.indicators(agreement), rows.indicator, paging, schemas.IndicatorOut, "indicators"
    )


class Scope(Schema):
    """The indicator and area a baseline, target or figure belongs to, by natural key."""

    indicator: str | None = Field(None, **TEXT, description="An indicator's code or slug: 'NI 20', 'ni-20'.")
    area: str | None = Field(None, **TEXT, description="An area's ONS code or slug: 'E07000129', 'blaby'.")


class Span(Schema):
    period_from: str | None = Field(None, pattern=PERIOD_PATTERN, description="From '2009/10' or '2009/10 Q3'.")
    period_to: str | None = Field(None, pattern=PERIOD_PATTERN, description="Up to '2010/11' or '2010/11 Q2'.")


@api.get("/baselines", response=_responses(schemas.BaselineOut, by_cursor=True), tags=["Indicators"], openapi_extra=CSV)
def baselines(request: HttpRequest, response: HttpResponse, paging: Query[KeysetPaging], scope: Query[Scope]):
    """Baselines of indicators for areas, with the value and period as the document wrote them."""
    chosen = selectors.baselines(scope.indicator, scope.area)
    return listing(request, response, chosen, rows.baseline, paging, schemas.BaselineOut, "baselines")


@api.get("/targets", response=_responses(schemas.TargetOut, by_cursor=True), tags=["Indicators"], openapi_extra=CSV)
def targets(
    request: HttpRequest, response: HttpResponse, paging: Query[KeysetPaging], scope: Query[Scope], year: Year = None
):
    """Targets: the rule as written, the stated and derived values, and whether they disagree."""
    chosen = selectors.targets(scope.indicator, scope.area, _period(year, "year", FinancialYear))
    return listing(request, response, chosen, rows.target, paging, schemas.TargetOut, "targets")


@api.get("/figures", response=_responses(schemas.FigureOut, by_cursor=True), tags=["Figures"], openapi_extra=CSV)
def figures(
    request: HttpRequest, response: HttpResponse, paging: Query[KeysetPaging], scope: Query[Scope], span: Query[Span]
):
    """Published figures, from and to a year or quarter (inclusive; a whole-year figure counts as Q4)."""
    start, end = _period(span.period_from, "period_from"), _period(span.period_to, "period_to")
    chosen = selectors.figures(scope.indicator, scope.area, start, end)
    return listing(request, response, chosen, rows.figure, paging, schemas.FigureOut, "figures")


@api.get("/statuses", response=_responses(schemas.StatusOut, 404), tags=["Figures"], openapi_extra=CSV)
def statuses(
    request: HttpRequest,
    response: HttpResponse,
    paging: Query[Paging],
    area: str = Query(..., **TEXT),
    quarter: str | None = Query(None, pattern=QUARTER_PATTERN, examples=["2010/11 Q3"]),
    indicator: str | None = Query(None, **TEXT),
):
    """Each indicator's status for an area in a quarter (default: the area's latest), with the reason in words."""
    place = selectors.area_by_code(area)
    if place is None:
        raise Http404(f"No area with ONS code or slug {area!r}.")
    period, found = selectors.statuses(place, _period(quarter, "quarter", Quarter), indicator)

    def to_row(item):
        return rows.status(item, period)

    return listing(request, response, found, to_row, paging, schemas.StatusOut, "statuses")


@api.get("/grants", response=_responses(schemas.GrantOut), tags=["Funding"], openapi_extra=CSV)
def grants(request: HttpRequest, response: HttpResponse, paging: Query[Paging]):
    """Grants from each funding stream, with their periods and amounts."""
    return listing(request, response, selectors.grants(), rows.grant, paging, schemas.GrantOut, "grants")


@api.get("/allocations", response=_responses(schemas.AllocationOut), tags=["Funding"], openapi_extra=CSV)
def allocations(request: HttpRequest, response: HttpResponse, paging: Query[Paging], grant: GrantId = None):
    """How each grant is shared out; ``grant`` is a grant's id."""
    chosen = selectors.allocations(grant)
    return listing(request, response, chosen, rows.allocation, paging, schemas.AllocationOut, "allocations")


@api.get("/spend", response=_responses(schemas.SpendOut), tags=["Funding"], openapi_extra=CSV)
def spend(
    request: HttpRequest, response: HttpResponse, paging: Query[Paging], grant: GrantId = None, year: Year = None
):
    """Spend reported by quarter against allocations; ``year`` is a financial year ('2012/13')."""
    chosen = selectors.spend(grant, _period(year, "year", FinancialYear))
    return listing(request, response, chosen, rows.spend, paging, schemas.SpendOut, "spend")
