"""States that must not contradict each other: the index and the return agree on a return's status; a synthetic
figure is shown tagged and never pre-filled as the manager's; the history shows what a first save replaced."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from core.periods import FinancialYear
from indicators.models import Measurement
from returns.models import Return
from tests.returns.conftest import figures, return_url

pytestmark = pytest.mark.django_db

SYNTHETIC_NOTE = "Synthetic demonstration commentary for 2010/11 Q3: below target."


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def _synthetic(indicator, area, value, commentary=""):
    # As generate_demo_figures stores them: in bulk, so with no history row of their own.
    [figure] = Measurement.objects.bulk_create(
        [
            Measurement(
                indicator=indicator,
                area=area,
                year=FinancialYear(2010),
                quarter=3,
                value=Decimal(value),
                commentary=commentary,
                is_synthetic=True,
            )
        ]
    )
    return figure


def _index_status(client, area):
    rows = _soup(client.get("/returns/")).select("main table tbody tr")
    [row] = [tr for tr in rows if tr.select("td")[1].get_text(" ", strip=True).startswith(area.name)]
    return row.select("td")[2].get_text(strip=True)


def _return_status(client, quarter, area):
    return _soup(client.get(return_url(quarter, area))).select_one("#return-status .govuk-tag").get_text(strip=True)


def test_an_unstarted_return_reads_not_started_on_the_index_and_on_the_return(
    client, blaby_manager, open_quarter, blaby, ni20, li11
):
    _synthetic(li11, blaby, "91")  # a figure exists for the quarter, but no one has started the return
    client.force_login(blaby_manager)
    assert (_index_status(client, blaby), _return_status(client, open_quarter, blaby)) == ("Not started", "Not started")
    client.post(return_url(open_quarter, blaby), figures(ni20, li11))
    assert (_index_status(client, blaby), _return_status(client, open_quarter, blaby)) == ("Draft", "Draft")


def test_a_synthetic_figure_is_shown_tagged_and_never_prefilled_as_the_managers(
    client, blaby_manager, open_quarter, blaby, ni20, li11
):
    _synthetic(li11, blaby, "91", SYNTHETIC_NOTE)
    client.force_login(blaby_manager)
    page = _soup(client.get(return_url(open_quarter, blaby)))
    assert page.select_one(f"#id_i{li11.pk}-value")["value"] == ""
    assert page.select_one(f"#id_i{li11.pk}-commentary").get_text() == ""
    shown = page.select_one('[data-figure="LI 11 (NI 40)"]').get_text(" ", strip=True)
    assert shown.startswith("91 ") and "Synthetic" in shown
    assert "synthetic figure shown above is not yours" in page.select_one(f"#id_i{li11.pk}-value-hint").get_text()

    client.post(return_url(open_quarter, blaby), figures(ni20, li11, count=""))  # saved with the box left empty
    figure = Measurement.objects.get(indicator=li11, area=blaby, quarter=3)
    assert (figure.value, figure.is_synthetic, figure.return_record) == (Decimal(91), True, None)
    assert Return.objects.get().status == "draft"


def test_the_history_shows_the_figure_a_first_save_replaced(client, blaby_manager, open_quarter, blaby, ni20, li11):
    _synthetic(ni20, blaby, "3.25", SYNTHETIC_NOTE)
    client.force_login(blaby_manager)
    client.post(return_url(open_quarter, blaby), figures(ni20, li11, n="", d="", value="3.30"))
    page = _soup(client.get(return_url(open_quarter, blaby)))
    history = [[td.get_text(strip=True) for td in tr.select("td")][1:] for tr in page.select(".app-return-history tr")]
    assert ["system", "NI 20 figure", "—", "3.25"] in history  # stored before the return, by no one
    assert ["Demo CSP Manager, Blaby", "NI 20 figure", "3.25", "3.3"] in history
    assert ["Demo CSP Manager, Blaby", "NI 20 synthetic demonstration figure", "yes", "no"] in history
    assert ["Demo CSP Manager, Blaby", "NI 20 commentary", SYNTHETIC_NOTE, "—"] in history
