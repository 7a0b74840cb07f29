"""In headless Chromium: each data-quality flag badge in the targets table reads as one phrase on one line
("Flag: 6.73"), never "Flag:" above its number."""

import pytest

from tests.browser import browser_user, chromium_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_flag_badge_keeps_flag_and_its_figure_on_one_line(live_server, seeded):
    browser_user("board")
    base = live_server.url
    with chromium_page() as page:
        page.set_viewport_size({"width": 1100, "height": 900})
        sign_in(page, base, "board")
        page.goto(f"{base}/data-quality/")
        script = """cells => cells.map(cell => {
            // Every box of the cell's text (the badge's and the figure's) shares one line.
            const range = document.createRange();
            range.selectNodeContents(cell);
            const boxes = [...range.getClientRects()].filter(r => r.width > 0);
            const oneLine = Math.max(...boxes.map(r => r.top)) < Math.min(...boxes.map(r => r.bottom));
            return [cell.textContent.trim(), oneLine];
        })"""
        lines = page.locator("main table").first.locator("td:has(.app-flag)").evaluate_all(script)
        assert lines, "the seed's targets that disagree with their rule are flagged"
        assert all(one_line for _, one_line in lines), lines
        assert page.console_errors == []
