"""Every page, for every role, in headless Chromium after every chart is drawn: axe-core finds nothing
(WCAG 2.0/2.1/2.2 A and AA), the page never scrolls sideways at 320 px or at 200% zoom, and it prints
cleanly.

axe-core is vendored from npm through the lockfile (package-lock.json) and read from node_modules. It is
added as a Playwright init script (injected through DevTools, which the page's Content Security Policy does
not govern), so the browser keeps enforcing the site's own CSP and a CSP violation still fails a test as a
console error. Reflow and print are checked once per page (as the board officer, or the role that alone
can open it); axe runs on every page as every role.

Run with ``-s`` to see, per page, the widest document width at 320 px and at 640 px (1280 px at 200%) and
the axe result.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from funding.models import Allocation, AllocationFormula, Grant
from indicators.models import Measurement
from jobs.models import Job
from partnerships.models import Agency, Partnership
from returns.models import ReportingQuarter
from tests.browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "an-accessibility-test-password"
NARROW = 320  # WCAG 2.2 SC 1.4.10 Reflow: 320 CSS px wide
ZOOMED = 640  # a 1280 px window at 200% zoom


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    if not AXE.exists():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `npm ci`")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # see tests/browser.py
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def load_demo_data():
    """The seeded documents plus the synthetic quarterly figures, and known passwords for the demo logins."""
    if not Partnership.objects.exists():
        call_command("seed", "--demo-accounts", verbosity=0)
    if not Measurement.objects.filter(is_synthetic=True).exists():
        call_command("generate_demo_figures", verbosity=0)
    for user in get_user_model().objects.filter(username__in=["board", "manager-blaby", "admin"]):
        user.set_password(PASSWORD)
        user.save()


def site_pages(role: str) -> list[str]:
    """Every page of the site that ``role`` can open, with real ids from the seeded data."""
    allocation = Allocation.objects.get(grant__title="Community Safety Fund Leicestershire 2012/13", label="Blaby")
    grant = Grant.objects.filter(allocations__isnull=False).order_by("pk").first()
    partnership = Partnership.objects.filter(areas__name="Blaby").order_by("pk").first()
    reporting_quarter = ReportingQuarter.objects.open().order_by("-year", "-quarter").first()
    pages = [
        "/",
        "/?variation=concerning",
        "/?year=2006/07&quarter=3",  # seed 003's reported summary beside the computed counts
        "/indicators/",
        "/indicators/ni-20/",
        "/indicators/laa1-7-1/",  # delivery judgements and the report's commentary
        "/indicators/laa1-5-2/",  # two-part targets
        "/indicators/ni-20/?district=blaby",
        # every area level: a partnership of two areas, and the force area's target above the county
        "/?area=partnership:smpb",
        "/indicators/bcs-confidence/?area=leicestershire",
        "/partnerships/",
        partnership.get_absolute_url(),
        Partnership.objects.filter(also_reports_to__isnull=False).first().get_absolute_url(),  # reports to three
        "/partnerships/priorities/",
        "/partnerships/areas/leicestershire/",
        "/partnerships/areas/north-west-leicestershire/",
        Agency.objects.get(name="Leicestershire County Council").get_absolute_url(),
        "/partnerships/mappa-smb/",
        "/data-quality/",
        "/funding/",
        "/funding/partnerships/",
        reverse("funding:grant", args=[grant.pk]),
        # A grant spanning two years (its lines by year) and a pooled budget (its contributions).
        reverse(
            "funding:grant", args=[Grant.objects.get(title__startswith="Community Safety Fund Leicestershire Oct").pk]
        ),
        reverse("funding:grant", args=[Grant.objects.get(title="DIP pooled treatment budget 2011/12").pk]),
        reverse("funding:allocation", args=[allocation.pk]),
        reverse("funding:formula", args=[AllocationFormula.objects.order_by("pk").first().pk]),
        "/returns/",
        reverse("returns:detail", args=[reporting_quarter.slug, "blaby"]),
        reverse("account"),
        "/reports/board/?year=2010/11&quarter=3",  # the Board report (a manager's own district)
    ]
    if role == "manager-blaby":
        pages.append(reverse("funding:spend", args=[allocation.pk, "2012-13-q2"]))
    else:
        pages.append(reverse("indicators:delivery", args=["laa1-7-1"]))  # co-ordinators' delivery judgement
    return pages


def admin_pages() -> list[str]:
    measurement = Measurement.objects.order_by("pk").first()
    running, _ = Job.objects.get_or_create(
        label="Import figures.csv into measurements",
        handler="core.imports.jobs.run_import",
        started_by=get_user_model().objects.get(username="admin"),
        defaults={"state": Job.State.RUNNING, "done": 400, "total": 1000, "params": {"dry_run": True}},
    )
    return [
        "/admin/",
        "/admin/indicators/indicator/",
        f"/admin/indicators/measurement/{measurement.pk}/change/",
        "/admin/indicators/measurement/import/",
        "/admin/partnerships/population/",
        reverse("admin:indicators_measurement_import_job", args=[running.pk]),  # the progress bar
        "/admin/jobs/job/",
    ]


# --------------------------------------------------------------------------------------------------------
# Browser helpers
# --------------------------------------------------------------------------------------------------------


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Init scripts are added through DevTools, so the page's CSP neither blocks axe nor is relaxed for it.
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


def sign_in(page, base: str, username: str):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def signed_in_page(browser, base: str, username: str):
    """A new page, signed in as ``username``."""
    page = new_page(browser)
    sign_in(page, base, username)
    return page


CHARTS = "[data-chart-source]"
UNDRAWN_CHARTS = f"[...document.querySelectorAll('{CHARTS}')].filter(c => !c.querySelector('svg.main-svg')).length"


def draw_every_chart(page):
    """Scroll each chart into view (they are drawn lazily) and wait until plotly has drawn it."""
    for chart in page.locator(CHARTS).all():
        chart.scroll_into_view_if_needed()
        chart.locator("svg.main-svg").first.wait_for()
    page.evaluate("window.scrollTo(0, 0)")


def drawn_on_beforeprint(page) -> bool:
    """Announce printing, as the browser does, without scrolling: is every chart drawn?"""
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    try:
        page.wait_for_function(f"{UNDRAWN_CHARTS} === 0", timeout=3000)
    except Exception:  # playwright's TimeoutError
        return False
    return True


def axe_violations(page) -> list[dict]:
    return page.evaluate(
        """async (tags) => {
            const results = await window.axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }""",
        WCAG_TAGS,
    )


def widest(page, width: int) -> int:
    """The document's scroll width with the window ``width`` CSS px wide, after charts have re-laid out."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(150)  # plotly's responsive resize is debounced
    return page.evaluate("document.documentElement.scrollWidth")


# Keyboard-focusable things inside a chart, which is announced as one image.
FOCUSABLE_IN_IMAGES = """[...document.querySelectorAll('[role=img]')].flatMap(image => [...image.querySelectorAll(
    'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')]).length"""

# In print: what must not show, links followed by their URL, and where a table row or chart may split.
PRINT_PROBLEMS = """() => {
    const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    const hidden = ['.govuk-skip-link', '.govuk-service-navigation', '.app-header__account', '.govuk-back-link',
                    'form.app-filter', 'a[href*="_export="]'];
    const problems = hidden.filter(s => [...document.querySelectorAll(s)].some(shown)).map(s => `shows ${s}`);
    for (const a of document.querySelectorAll('main a[href]')) {
        const after = getComputedStyle(a, '::after').content;
        if (shown(a) && after.includes(a.getAttribute('href'))) { problems.push(`URL after ${a.textContent.trim()}`); break; }
    }
    const row = document.querySelector('main tbody tr');
    if (row && getComputedStyle(row).breakInside !== 'avoid') problems.push('table rows may split');
    const figure = document.querySelector('.app-figure');
    if (figure && getComputedStyle(figure).breakInside !== 'avoid') problems.push('charts may split');
    return problems;
}"""


@dataclass
class Result:
    role: str
    path: str
    violations: list
    width_narrow: int | None  # None: measured as another role
    width_zoomed: int | None
    charts: int
    undrawn_at_load: int
    drawn_for_print: bool
    focusable_in_images: int
    print_problems: list
    console_errors: list

    def line(self) -> str:
        ids = ", ".join(f"{v['id']} ({v['impact']})" for v in self.violations) or "–"
        charts = (
            f"{self.charts}/{self.undrawn_at_load}/{'yes' if self.drawn_for_print else 'NO'}" if self.charts else ""
        )
        return (
            f"{self.role:14} {self.path:48} {self.width_narrow or '':5} {self.width_zoomed or '':5} "
            f"{len(self.violations):3}  {charts:9} {ids}{'; print: ' + ', '.join(self.print_problems) if self.print_problems else ''}"
        )


def assert_passes(result: Result) -> None:
    """The page passes the site's checks: no axe violation or script error and, where its layout was measured,
    no sideways scroll at 320 px or 200% zoom and nothing printed that should not be."""
    assert result.violations == [] and result.console_errors == [], result.line()
    if result.width_narrow is not None:
        assert result.width_narrow <= 320 and result.width_zoomed <= 640, result.line()
        assert result.print_problems == [], result.line()


def check_page(page, role: str, base: str, path: str, *, layout: bool = True) -> Result:
    """Load ``path`` and check it; ``layout`` (reflow, print) is the same for every role, so once a path."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.console_errors = []
    response = page.goto(base + path)
    assert response.status == 200, f"{path}: HTTP {response.status}"
    charts = page.locator(CHARTS).count()
    undrawn = page.evaluate(UNDRAWN_CHARTS)
    printable = drawn_on_beforeprint(page)
    draw_every_chart(page)
    focusable = page.evaluate(FOCUSABLE_IN_IMAGES)
    narrow, zoomed, print_problems = None, None, []
    if layout:
        narrow, zoomed = widest(page, NARROW), widest(page, ZOOMED)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.emulate_media(media="print")
        print_problems = page.evaluate(PRINT_PROBLEMS)
        page.emulate_media(media="screen")
    # The page's own errors, before axe runs: axe sets inline styles while checking some admin widgets,
    # which the CSP (style-src 'self') rightly refuses, and that is not the site's doing.
    console_errors = list(page.console_errors)
    violations = axe_violations(page)
    return Result(
        role,
        path,
        violations,
        narrow,
        zoomed,
        charts,
        undrawn,
        printable,
        focusable,
        print_problems,
        console_errors,
    )


@dataclass
class Walk:
    site: list
    admin: list


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker, live_server, browser) -> Walk:
    """Open every page as each role once for the whole module (the database is flushed after the first test)."""
    # The live server shares this thread's in-memory database connection, so it stays unblocked throughout.
    with django_db_blocker.unblock():
        load_demo_data()
        pages = {role: site_pages(role) for role in ("board", "manager-blaby", "admin")}
        base = live_server.url
        site, admin = [], []
        for role, paths in pages.items():
            page = new_page(browser)
            sign_in(page, base, role)
            site += [
                check_page(page, role, base, path, layout=role == "board" or path not in pages["board"])
                for path in paths
            ]
            if role == "admin":
                admin = [check_page(page, role, base, path) for path in admin_pages()]
            page.context.close()
        page = new_page(browser)
        site.append(check_page(page, "anonymous", base, "/accounts/login/"))
        page.context.close()

    print(
        f"\n{'role':14} {'page':48} {'@320':>5} {'@640':>5} {'axe':>3}  charts (all/undrawn at load/drawn on beforeprint)"
    )
    for result in site + admin:
        print(result.line())
    return Walk(site, admin)


def failures(results, problem) -> str:
    return "\n".join(result.line() for result in results if problem(result))


# --------------------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------------------


def test_every_site_page_has_no_axe_violation_after_its_charts_are_drawn(walk):
    assert not failures(walk.site, lambda r: r.violations)


def test_no_page_scrolls_sideways_at_320px_or_at_200_percent_zoom(walk):
    measured = [r for r in walk.site if r.width_narrow is not None]
    assert {r.path for r in measured} == {r.path for r in walk.site}
    assert not failures(measured, lambda r: r.width_narrow > NARROW or r.width_zoomed > ZOOMED)


def test_a_drawn_chart_holds_nothing_that_takes_keyboard_focus(walk):
    assert sum(r.charts for r in walk.site) > 0
    assert not failures(walk.site, lambda r: r.focusable_in_images)


def test_every_chart_is_drawn_when_printing_starts_without_scrolling(walk):
    assert any(r.undrawn_at_load for r in walk.site), "no page had a chart left to draw"
    assert not failures(walk.site, lambda r: r.charts and not r.drawn_for_print)


def test_pages_print_without_navigation_filters_export_links_or_urls_after_links(walk):
    assert not failures(walk.site, lambda r: r.print_problems)


def test_django_admin_pages_have_no_serious_or_critical_axe_violation(walk):
    assert len(walk.admin) == 7  # every admin page listed above was opened
    assert not failures(walk.admin, lambda r: any(v["impact"] in ("serious", "critical") for v in r.violations))


def test_no_page_breaks_the_content_security_policy_or_throws_a_script_error(walk):
    errors = [f"{r.role} {r.path}: {error}" for r in walk.site + walk.admin for error in r.console_errors]
    assert errors == []
