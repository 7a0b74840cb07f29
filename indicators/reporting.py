"""What a performance page reports on: which area (or partnership's areas) and which quarter.

Reads only; the views pass the request's query string and user in and get plain choices back.

- The area is any area, force area to district, or a partnership covering several areas; chosen on the
  page (``?area=<slug>`` or ``?area=partnership:<slug>``). Without a choice, a CSP manager sees their own
  partnership's area and everyone else the county (Leicestershire, else the first county).
- The quarter is chosen with ``?year=2009/10&quarter=3``. Without a choice (or with a bad one), the latest
  quarter with published figures for the areas shown: what the Board last had reported for that area.
  A figure loaded late for one area therefore moves only that area's pages.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Prefetch, When
from django.http import Http404

from core.periods import FinancialYear, PeriodError, Quarter
from indicators.models import Measurement, Target
from partnerships.models import Area, Partnership

PARTNERSHIP_PREFIX = "partnership:"
AREA_GROUPS = [
    (Area.Kind.FORCE_AREA, "Police force areas"),
    (Area.Kind.COUNTY, "Counties"),
    (Area.Kind.UNITARY, "Unitary authorities"),
    (Area.Kind.DISTRICT, "Districts"),
]


@dataclass
class Scope:
    """The areas a dashboard reports on, with the value its area select sends."""

    slug: str
    name: str
    areas: list = field(default_factory=list)

    @property
    def area(self) -> Area:
        return self.areas[0]

    @property
    def several(self) -> bool:
        return len(self.areas) > 1

    def file_stem(self, page: str, quarter) -> str:
        """A download's file name: the page, the area or partnership, the quarter (``dashboard-blaby-2010-q3``)."""
        return f"{page}-{self.slug.replace(PARTNERSHIP_PREFIX, '')}-{quarter.year.start_year}-q{quarter.number}"


@dataclass
class ScopeChoices:
    """Every choice for the area select, grouped as the page shows them. Two queries."""

    areas: list
    partnerships: list

    @classmethod
    def load(cls) -> "ScopeChoices":
        partnerships = (
            Partnership.objects.annotate(area_count=Count("areas"))
            .filter(area_count__gt=1)
            .prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("name")))
            .order_by("name")
        )
        return cls(areas=list(Area.objects.order_by("name")), partnerships=list(partnerships))

    def groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        groups = [(label, [(a.slug, a.name) for a in self.areas if a.kind == kind]) for kind, label in AREA_GROUPS]
        groups.append(
            (
                "Partnerships covering several areas",
                [(PARTNERSHIP_PREFIX + p.slug, p.name) for p in self.partnerships],
            )
        )
        return [(label, options) for label, options in groups if options]

    def scope(self, slug: str) -> Scope | None:
        if slug.startswith(PARTNERSHIP_PREFIX):
            partnership = next((p for p in self.partnerships if PARTNERSHIP_PREFIX + p.slug == slug), None)
            return partnership and Scope(slug, partnership.name, list(partnership.areas.all()))
        area = next((a for a in self.areas if a.slug == slug), None)
        return area and Scope(area.slug, area.name, [area])


def default_county_slug() -> str | None:
    """The county everyone but a CSP manager starts on: Leicestershire, else the first county. One query."""
    leicestershire_first = Case(When(slug="leicestershire", then=0), default=1)
    counties = Area.objects.filter(kind__in=(Area.Kind.COUNTY, Area.Kind.UNITARY))
    return counties.order_by(leicestershire_first, "name").values_list("slug", flat=True).first()


def default_area_slug(user, county_slug) -> str | None:
    """A CSP manager's own area (one query); else ``county_slug()``."""
    own = Area.objects.filter(partnerships__managers=user).order_by("name").values_list("slug", flat=True).first()
    return own or county_slug()


def chosen_area(request) -> Area:
    """One area (any level), for pages about one area: ``?area=<slug>``, else the user's default. One or two
    queries."""
    areas = Area.objects.select_related("parent")
    if slug := request.GET.get("area"):
        area = areas.filter(slug=slug).first()
    else:
        area = areas.filter(partnerships__managers=request.user).order_by("name").first()
        area = area or areas.filter(slug="leicestershire").first() or areas.filter(kind=Area.Kind.COUNTY).first()
    if area is None:
        raise Http404("No such area has been loaded.")
    return area


def chosen_scope(slug: str | None, choices: ScopeChoices) -> Scope:
    """The scope ``slug`` names (404 for an unknown one or none)."""
    scope = choices.scope(slug) if slug else None
    if scope is None or not scope.areas:
        raise Http404("No such area has been loaded.")
    return scope


def chosen_quarter(query, latest: dict) -> Quarter | None:
    """``?year=&quarter=``, else the latest quarter with figures among ``latest`` (area id -> quarter).

    Bad input falls back to the default with no error page.
    """
    try:
        return Quarter(FinancialYear.parse(query["year"]), int(query["quarter"]))
    except (KeyError, ValueError, PeriodError):
        return max(latest.values(), default=None)


def last_agreement_quarter(agreements) -> Quarter | None:
    """For an area with no published figure yet: the last quarter of the latest agreement (reference data,
    so no other area's figures move it)."""
    last = max((a.end_year for a in agreements), default=None)
    return Quarter(last, 4) if last else None


def year_choices(agreements, areas) -> list[str]:
    """Financial years to pick from, newest first: the agreements' years and every year with a figure or a
    target for ``areas`` (a target dated after its agreement, a figure loaded late; another area's late
    figure adds no year here). One query."""
    years = {y for a in agreements for y in range(a.start_year.start_year, a.end_year.start_year + 1)}
    dated = (
        Measurement.objects.filter(area__in=areas)
        .order_by()
        .values_list("year", flat=True)
        .union(Target.objects.filter(area__in=areas).order_by().values_list("year", flat=True))
    )
    years.update(year.start_year for year in dated if year is not None)
    return [FinancialYear(y).label for y in sorted(years, reverse=True)]
