"""A board officer prints the Board report page from Chromium: A4, no navigation, no row split, charts present."""

import io
import re

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.browser import PASSWORD, chromium_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = "/reports/board/?area=leicestershire&year=2010/11&quarter=3"
# Each table row's first and last cell text, in page order (the charts' own data tables sit inside their
# figure, which is never split; their quarter labels would also match the charts' axis labels).
ROWS_JS = """() => Array.from(document.querySelectorAll('.app-report tr:not(figure tr)')).map(row => {
  const cells = Array.from(row.querySelectorAll('th, td')).map(c => c.innerText);
  return cells.length > 1 ? [cells[0], cells[cells.length - 1]] : ['', ''];
})"""


@pytest.fixture
def officer(seeded):
    call_command("generate_demo_figures", verbosity=0)
    user = get_user_model().objects.create_user("print-board", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Board officers"))
    return user


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_printing_the_report_keeps_every_table_row_on_one_page_with_its_charts(live_server, officer):
    with chromium_page() as page:
        sign_in(page, live_server.url, "print-board")
        page.goto(live_server.url + REPORT)
        exceptions = page.locator(".app-report__exception").count()
        assert exceptions and page.locator(".app-report__chart svg").count() == exceptions
        page.emulate_media(media="print")
        rows = page.evaluate(ROWS_JS)
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert page.console_errors == []  # the stylesheet passes the Content Security Policy

    pages = [_squeezed(p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) > 1
    everything = "".join(pages)
    starts = [sum(len(p) for p in pages[:n]) for n in range(len(pages))]

    def page_of(position: int) -> int:
        return max(n for n, start in enumerate(starts) if start <= position)

    # No navigation, form or footer, and no URL printed after a link.
    for absent in ("Signout", "Showreport", "Downloadthisreport", "(/indicators", "http://"):
        assert absent not in everything
    # Rows in page order: each row's first cell and its last cell are printed on the same page. (The start of
    # each cell only: a wrapped cell's lines interleave with its neighbours' in the extracted text.)
    checked, cursor = 0, 0
    for first, last in rows:
        head, tail = _squeezed(first)[:12], _squeezed(last)[:10]
        at = everything.find(head, cursor) if head and tail else -1
        if at < 0:
            continue
        end = everything.find(tail, at + len(head))
        assert end >= 0 and page_of(end) == page_of(at), f"the row {first!r} is split across pages"
        checked, cursor = checked + 1, end
    assert checked >= 0.8 * len(rows)
    # Each exception's chart is printed (its text is text in the server's SVG), title and last quarter together.
    titles = re.findall(r"([A-Z]{2,} ?[\w()]*?):last8quartersagainsttarget", everything)
    assert len(titles) == exceptions
