"""Every page's database queries, pinned exactly, as the person who normally opens it.

A new constant query (a forgotten ``select_related``, a check run twice) changes a
count here; a query per row shows as a count that grows when the data grows. The
README's "Queries per page" table gives the same numbers: update both together.
"""

from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.periods import FinancialYear
from funding.models import Allocation, AllocationFormula, Grant, SpendLine
from indicators.models import Agreement, Indicator, Measurement
from jobs.models import Job
from pagecache import versions
from partnerships.models import Agency, Area, AreaFact, ListedItem, Partnership, PlanActivity
from reports.building import HANDLER as BUILDING
from reports.formats import FORMATS
from reports.models import BuiltReportFile, PublishedFile, PublishedReport
from reports.publishing import HANDLER as PUBLISHING
from returns import services as returns_services
from tests.builders import more_grants

BLABY_CSP = "blaby-district-community-safety-partnership"


def _slp_grant():
    return Grant.objects.get(title="Community Safety Fund Safer Leicester Partnership 2012/13")


def _published(area="Blaby", year=2010, quarter=3, versions=2):
    """Versions of the LAA2 report for ``area`` and ``quarter``, stored as publishing stores them (bytes made up)."""
    published = None
    for version in range(1, versions + 1):
        published, made = PublishedReport.objects.get_or_create(
            area=Area.objects.get(name=area),
            agreement=Agreement.objects.get(code="LAA2 2008-11"),
            year=FinancialYear(year),
            quarter=quarter,
            version=version,
            defaults={"published_at": "2026-12-07T12:00Z", "snapshot": {"file_stem": "report"}, "build_seconds": 4},
        )
        if made:
            PublishedFile.objects.bulk_create(
                PublishedFile(published=published, format=key, content=b"x", sha256="0" * 64, size=1) for key in FORMATS
            )
    return published


def _board_report_published():
    """The Leicestershire report page with versions published: it lists them and what has changed since."""
    _published("Leicestershire")
    return reverse("reports:board") + "?area=leicestershire&year=2010/11&quarter=3"


def _publishing_job():
    board = get_user_model().objects.get(username="board")
    return Job.objects.create(label="Publish the Board report", handler=PUBLISHING, started_by=board)


def _building_job():
    """A slow download (PDF) of the Blaby report still being built."""
    params = {"area": Area.objects.get(name="Blaby").pk, "format": "pdf"}
    return Job.objects.create(label="Build the Board report", handler=BUILDING, params=params, state="running")


def _built_file():
    """The Blaby report's PDF as a job stored it, at the current data version."""
    return BuiltReportFile.objects.create(
        area=Area.objects.get(name="Blaby"),
        agreement=Agreement.objects.get(code="LAA2 2008-11"),
        year=FinancialYear(2010),
        quarter=3,
        format="pdf",
        data_version=versions.current(),
        filename="board-report-blaby-2010-11-q3.pdf",
        content=b"x",
        built_at="2026-12-07T12:00Z",
    )


def _blaby_csf():
    return Allocation.objects.get(grant__title="Community Safety Fund Leicestershire 2012/13", label="Blaby")


URLS = {
    "dashboard": lambda: "/",
    "dashboard, own district": lambda: "/",
    "dashboard, partnership of two areas": lambda: "/?area=partnership:smpb",
    "dashboard with a reported summary": lambda: "/?year=2006/07&quarter=3",
    "indicator index": lambda: reverse("indicators:index"),
    "indicator page": lambda: reverse("indicators:detail", args=["ni-20"]) + "?district=blaby",
    "delivery judgement form": lambda: reverse("indicators:delivery", args=["ni-20"]),
    "partnership index": lambda: reverse("partnerships:index"),
    "partnership page": lambda: reverse("partnerships:detail", args=[BLABY_CSP]),
    "partnership page of two areas": lambda: reverse("partnerships:detail", args=["smpb"]),
    "priority matrix": lambda: reverse("partnerships:matrix"),
    "area page": lambda: reverse("partnerships:area", args=["leicestershire"]),
    "agency page": lambda: Agency.objects.get(name="Leicestershire County Council").get_absolute_url(),
    "data quality": lambda: "/data-quality/",
    "funding index": lambda: reverse("funding:index"),
    "money by partnership": lambda: reverse("funding:partnerships"),
    "grant page": lambda: reverse("funding:grant", args=[_slp_grant().pk]),
    "allocation page": lambda: reverse("funding:allocation", args=[_slp_grant().allocations.get(label="IOM").pk]),
    "formula page": lambda: reverse("funding:formula", args=[AllocationFormula.objects.get().pk]),
    "returns index": lambda: reverse("returns:index"),
    "return page": lambda: reverse("returns:detail", args=["2010-11-q3", "blaby"]),
    "spend entry": lambda: reverse("funding:spend", args=[_blaby_csf().pk, "2012-13-q1"]),
    "account page": lambda: reverse("account"),
    "board report": lambda: _board_report_published(),
    "published report": lambda: _published().get_absolute_url(),
    "published report, own district": lambda: _published().get_absolute_url(),
    "published report download": lambda: reverse("reports:published_file", args=[_published().pk, "pdf"]),
    "publishing progress": lambda: reverse("reports:publishing", args=[_publishing_job().pk]),
    "report building progress": lambda: reverse("reports:building", args=[_building_job().pk]),
    "built report download": lambda: _built_file().get_absolute_url(),
    "board report PDF, already built": lambda: (
        _built_file() and reverse("reports:board") + "?area=blaby&year=2010/11&quarter=3&format=pdf"
    ),
}

# page: (who normally opens it, queries for one GET with the seeded documents)
QUERIES = {
    # Kept per data version (pagecache): the session, the user, the data version and the demonstration banner's
    # EXISTS (a partial index; every page asks it); the dashboard adds the user's
    # own area (its default), the indicator page the area shown (two queries for the default) and the user's
    # groups (may they record a judgement?). COLD_QUERIES gives the same pages computed afresh.
    "dashboard": ("board_officer", 5),
    "dashboard, own district": ("blaby_manager", 5),
    "dashboard, partnership of two areas": ("board_officer", 4),
    "indicator index": ("board_officer", 5),
    "indicator page": ("board_officer", 7),
    "partnership index": ("board_officer", 6),
    "partnership page": ("board_officer", 4),
    "partnership page of two areas": ("board_officer", 4),
    "dashboard with a reported summary": ("board_officer", 5),
    "delivery judgement form": ("board_officer", 7),
    "priority matrix": ("board_officer", 7),
    "area page": ("board_officer", 8),
    "agency page": ("board_officer", 10),
    "data quality": ("board_officer", 9),
    "funding index": ("board_officer", 12),
    "money by partnership": ("board_officer", 5),
    "grant page": ("board_officer", 13),
    "allocation page": ("board_officer", 8),
    "formula page": ("administrator", 9),
    "returns index": ("blaby_manager", 9),
    # The return page is kept per data version too (its indicators and milestones with their boxes before anything is
    # typed, and its history): the session, the user, the URL's quarter and area, the user's groups and managed
    # areas (who may see and change it, asked every time), the data version and the banner's check.
    "return page": ("blaby_manager", 8),
    "spend entry": ("blaby_manager", 8),
    "account page": ("board_officer", 4),
    # The report itself (reports.selectors.board_report: 18 whatever the number of indicators, 21 in a year
    # with pooled or aligned budgets; pinned in tests/reports/test_selectors.py), the role check, the area,
    # agreements, latest quarter and the page's choices; the published versions listed under it
    # (reports.published.versions: 1) and the latest one's figures, to say what has changed since (1).
    "board report": ("board_officer", 29),
    # The version with its area, agreement and publisher (1), the role check (1), the version before it (1),
    # its files without their bytes (1); a CSP manager's rights: their managed areas (1).
    "published report": ("board_officer", 7),
    "published report, own district": ("blaby_manager", 8),
    "published report download": ("board_officer", 5),  # the version, the role check, the file
    "publishing progress": ("board_officer", 5),  # the role check and the job
    # A slow download (reports.building): the job, its area and the role check (3) and the banner; the file with
    # its area and the role check (3), no banner (a file, not a page).
    "report building progress": ("blaby_manager", 7),
    "built report download": ("blaby_manager", 5),
    # The report page's choices without the report (7), the data version and the stored file: nothing is built.
    "board report PDF, already built": ("blaby_manager", 9),
}

# The kept pages computed afresh (an empty cache, or the first request after a write), set-based: the same
# count whatever the number of areas, indicators or figures.
# Dashboard: the data version; the user's own area (1) and, for all but a CSP manager, the default county (1),
# both read on every request; the area select's area and partnership choices (3), read only to build the page; the areas' latest
# quarters, the agreements, the indicators, their figures and targets; the analysis: the areas' quarterly series
# and populations; a reported summary for the quarter; the years; the delivery counts; the demonstration banner;
# the filter's choices (4).
COLD_QUERIES = {
    "dashboard": 23,
    "dashboard, own district": 22,
    "dashboard, partnership of two areas": 20,
    "dashboard with a reported summary": 24,
    # ... the indicator, its figures, targets, baselines, districts, further outcomes, delivery judgements,
    # commentary, target parts and the judgement role check.
    "indicator page": 22,
    # ... the partnership, its areas, their latest quarters, which indicators each area has, the statuses (3),
    # money, priorities, grants, allocations, facts, lists, memberships and reporting lines.
    "partnership page": 24,
    "partnership page of two areas": 24,
    # ... the return's indicators, targets, figures, delivery judgements, record and milestones, when any of it was
    # last written, and the history of its figures and judgements (no milestone or record yet): the same whatever
    # the number of indicators.
    "return page": 17,
}
COLD_PAGES = [pytest.param(page, count, id=f"{page}-cold-{count}") for page, count in COLD_QUERIES.items()]

PAGES = [pytest.param(page, who, count, id=f"{page}-{count}") for page, (who, count) in QUERIES.items()]


def _open(client, request, page, who):
    """Sign in as ``who`` and open ``page`` once so per-process caches (content types) are warm."""
    client.force_login(request.getfixturevalue(who))
    url = URLS[page]()
    assert client.get(url).status_code == 200
    return url


@pytest.mark.parametrize("page, who, count", PAGES)
def test_each_page_runs_a_fixed_number_of_queries(client, request, seeded, django_assert_num_queries, page, who, count):
    url = _open(client, request, page, who)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("more", [False, True], ids=["seeded", "more data"])
@pytest.mark.parametrize("page, count", COLD_PAGES)
def test_each_kept_page_computed_afresh_runs_a_fixed_number_of_queries(
    client, request, seeded, django_assert_num_queries, page, count, more
):
    if more:
        _more_data()
    url = _open(client, request, page, QUERIES[page][0])
    cache.clear()
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


def _more_data():
    """A second county with districts, partnerships and figures, and more money and spend everywhere."""
    indicators = list(Indicator.objects.all())
    county = Area.objects.create(name="Extra County", slug="extra-county", kind="county", ons_code="E10999990")
    figures = []
    for n in range(3):
        area = Area.objects.create(
            name=f"Extra {n}", slug=f"extra-{n}", kind="district", ons_code=f"E0799991{n}", parent=county
        )
        csp = Partnership.objects.create(name=f"Extra CSP {n}", slug=f"extra-csp-{n}", kind="csp")
        csp.areas.add(area)
        # Annual figures up to the seed's latest year: quarterly ones would move the quarter the pages open on.
        for indicator in indicators:
            for year in (2006, 2007, 2008):
                figures.append(
                    Measurement(indicator=indicator, area=area, year=FinancialYear(year), quarter=None, value=D("1"))
                )
    Measurement.objects.bulk_create(figures)
    _published("Leicestershire", versions=3)  # the board report page lists them
    _published(versions=3)
    more_grants(3, spend_quarters=(1,))
    blaby_csf = _blaby_csf()
    for i in range(3):
        SpendLine.objects.create(allocation=blaby_csf, year=2012, quarter=1, amount=5, item=f"Extra item {i}")
    _more_facts_and_lists()


def _more_facts_and_lists():
    """Facts (with a stated total and its lines), lists and plan rows on the pages the counts open."""
    county = Area.objects.get(name="Leicestershire")
    council = Agency.objects.get(name="Leicestershire County Council")
    blaby = Partnership.objects.get(slug=BLABY_CSP)
    total = AreaFact.objects.create(topic="Extra", label="Total", value=3, value_text="3", unit="count", source="test")
    for n in range(3):
        fact = AreaFact.objects.create(
            topic="Extra",
            label=f"Line {n}",
            value=1,
            value_text="1",
            unit="count",
            source="test",
            agency=council,
            partnership=blaby,
            part_of=total,
            breakdown="by line",
        )
        fact.areas.add(county)
        ListedItem.objects.create(list_title=f"Extra list {n}", number=1, text="x", source="test", area=county)
        ListedItem.objects.create(
            list_title=f"Extra agency list {n}", number=1, text="x", source="test", agency=council
        )
        ListedItem.objects.create(
            list_title=f"Extra CSP list {n}", number=1, text="x", source="test", partnership=blaby
        )
    plan = council.action_plans.get()
    PlanActivity.objects.create(plan=plan, number=99, section="Extra section", activity="Extra", source="test")


@pytest.mark.parametrize("page, who, count", PAGES)
def test_each_pages_query_count_is_the_same_with_more_data(
    client, request, seeded, django_assert_num_queries, page, who, count
):
    _more_data()
    url = _open(client, request, page, who)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


# --- Read API (api/): each list, as a script reads it with a personal access token --------------------
# One query finds the token (with its user); then one per list (partnerships: + its areas, prefetched;
# an indicator filter: + the indicator's id, so the figures are read in index order);
# statuses: the area, its latest quarter (the status's "as of"), then the indicators, their figures and their
# targets (indicators.selectors), then the area's quarterly series and populations (indicators.analysis).
API_QUERIES = {
    "areas": 2,
    "partnerships": 3,
    "agreements": 2,
    "outcomes": 2,
    "indicators": 2,
    "baselines?indicator=NI 20": 3,
    "targets?indicator=NI 20": 3,
    "figures?indicator=NI 20&period_from=2006/07": 3,
    "statuses?area=blaby&quarter=2008/09 Q4": 8,
    "grants": 2,
    "allocations": 2,
    "spend": 2,
}
API_LISTS = [pytest.param(path, count, id=f"api {path}-{count}") for path, count in API_QUERIES.items()]


@pytest.mark.parametrize("path, count", API_LISTS)
@pytest.mark.parametrize("page_size", [1, 1000])
@pytest.mark.parametrize("more", [False, True], ids=["seeded", "more data"])
def test_each_api_lists_query_count_is_fixed_whatever_the_page_size_or_data(
    client, board_officer, django_assert_num_queries, path, count, page_size, more
):
    from api import services

    if more:
        _more_data()
    _record, token = services.token_create(user=board_officer, name="bench")
    url = f"/api/v1/{path}{'&' if '?' in path else '?'}page_size={page_size}"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(url, **headers).status_code == 200  # the token's first use records it (an hourly write)
    with django_assert_num_queries(count):
        response = client.get(url, **headers)
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 1 if page_size == 1 else len(results) > 1


# --- National-shaped data (generate_scale_data, small): the kept pages cost the same as at Leicestershire size ---
SCALE_URLS = {
    "dashboard": "/?area=scale-county-01",
    "indicator page": "/indicators/scale-01/?area=scale-county-01&district=scale-district-01-01",
    "partnership page": "/partnerships/scale-csp-scale-district-01-01/",
}
# (kept, computed afresh). The dashboard with ?area= reads no default area (one query fewer, as the partnership
# of two areas above); the indicator page reads the named area once (one fewer than the default's two) and, with
# no population loaded for the generated districts, draws no significance comparison (one fewer).
SCALE_QUERIES = {"dashboard": (4, 21), "indicator page": (6, 20), "partnership page": (4, 24)}


@pytest.mark.parametrize("page", list(SCALE_URLS))
def test_kept_pages_cost_the_same_at_national_shape(client, seeded, board_officer, django_assert_num_queries, page):
    call_command("generate_scale_data", counties=3, districts=3, indicators=4, years=2, verbosity=0)
    client.force_login(board_officer)
    warm, cold = SCALE_QUERIES[page]
    assert client.get(SCALE_URLS[page]).status_code == 200  # per-process caches (content types), as above
    cache.clear()
    with django_assert_num_queries(cold):
        assert client.get(SCALE_URLS[page]).status_code == 200
    with django_assert_num_queries(warm):
        assert client.get(SCALE_URLS[page]).status_code == 200


def _kept_and_afresh(client, url) -> tuple[int, int]:
    assert client.get(url).status_code == 200  # per-process caches (content types)
    cache.clear()
    with CaptureQueriesContext(connection) as afresh:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url).status_code == 200
    return len(kept), len(afresh)


# A return opened by a board officer, as the load run opens them: (kept, computed afresh).
RETURN_PAGE_BOARD_QUERIES = (7, 16)


def test_the_return_page_costs_the_same_at_national_shape(client, seeded, board_officer, administrator):
    client.force_login(board_officer)
    assert _kept_and_afresh(client, "/returns/2010-11-q3/blaby/") == RETURN_PAGE_BOARD_QUERIES
    call_command("generate_scale_data", counties=3, districts=3, indicators=4, years=2, verbosity=0)
    latest = Measurement.objects.filter(area__slug__startswith="scale-").aggregate(latest=Max("year"))["latest"]
    quarter = returns_services.quarter_open(year=latest, quarter=4, user=administrator)
    url = f"/returns/{quarter.slug}/scale-district-01-01/"
    assert "SCALE 01" in client.get(url).content.decode()  # the generated indicators are on it
    assert _kept_and_afresh(client, url) == RETURN_PAGE_BOARD_QUERIES


# --- The admin's figures import (tests run the job at once, inside the request that starts it) ---------------
# Preview: the upload kept, the job recorded and run (the file read back, each key column's indicators and areas
# found in one query, the rows checked against what exists), its result stored; confirm: the same, writing. The
# same for 3 rows of one indicator and area as for 300 of many (it was a query per indicator and per area).
IMPORT_QUERIES = {"preview": 34, "confirm": 44}


@pytest.mark.parametrize("rows", [3, 300])
def test_the_admin_figures_import_runs_a_fixed_number_of_queries(client, administrator, rows):
    from bs4 import BeautifulSoup
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.imports.conftest import csv_bytes, valid_figure_lines

    client.force_login(administrator)
    upload = SimpleUploadedFile("figures.csv", csv_bytes(*valid_figure_lines(rows)))
    start = reverse("admin:indicators_measurement_import")
    assert client.get(start).status_code == 200  # per-process caches (content types)
    with CaptureQueriesContext(connection) as preview:
        job_page = client.post(start, {"resource": "0", "format": "0", "import_file": upload}, follow=True)
    confirm_url = reverse("admin:indicators_measurement_process_import")
    form = BeautifulSoup(job_page.content, "html.parser").find("form", action=confirm_url)
    fields = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
    with CaptureQueriesContext(connection) as confirm:
        assert client.post(confirm_url, fields, follow=True).status_code == 200
    assert Measurement.objects.filter(year__gte=FinancialYear(2030)).count() == rows
    assert {"preview": len(preview), "confirm": len(confirm)} == IMPORT_QUERIES
