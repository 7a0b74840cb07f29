"""Writes made outside the return while a manager has it open (an import, the co-ordinators' page) are never
silently replaced by the manager's next save, whether or not the return had been started."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from core.imports.io import result_errors, table_import
from core.periods import FinancialYear
from indicators.models import DeliveryJudgement, Measurement
from indicators.resources import MeasurementResource
from indicators.services import record_delivery_judgement
from returns.models import Return
from tests.returns.conftest import figures, return_url

pytestmark = pytest.mark.django_db

RED = "Two of the three hotspot operations were cancelled; the Board asked for a recovery plan."
AMBER = "Night-time economy patrols lost two officers; the partnership is funding overtime until March."


def _opened(client, url) -> dict:
    """The hidden fields of the return's form, as the manager's browser holds them."""
    form = BeautifulSoup(client.get(url).content, "html.parser").select_one("main form[method=post]")
    return {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}


def _li11_figure(blaby, li11):
    return Measurement.objects.get(indicator=li11, area=blaby, year=FinancialYear(2010), quarter=3)


def test_a_figure_imported_while_the_manager_had_a_new_return_open_is_not_overwritten(
    client, blaby_manager, open_quarter, blaby, ni20, li11
):
    # Until the return is started an import may load the area's figures (afterwards it refuses: "change its
    # figures through the return"). The manager had the new return open, typed 95 and saved over the 120.
    url = return_url(open_quarter, blaby)
    client.force_login(blaby_manager)
    opened = _opened(client, url)
    csv = f'indicator,area,year,quarter,value,commentary\n"{li11.code}",Blaby,2010/11,3,120,Corrected by the county\n'
    result = table_import(resource_class=MeasurementResource, data=csv.encode(), file_name="county.csv", dry_run=False)
    assert result_errors(result) == []

    response = client.post(url, figures(ni20, li11, count="95", **opened))
    assert response.status_code == 409
    assert _li11_figure(blaby, li11).value == Decimal(120)
    assert "Corrected by the county" in BeautifulSoup(response.content, "html.parser").select_one("main").get_text()


def test_a_coordinators_judgement_on_a_return_not_yet_started_is_not_overwritten(
    client, blaby_manager, board_officer, open_quarter, blaby, ni20, li11
):
    url = return_url(open_quarter, blaby)
    assert not Return.objects.filter(area=blaby, reporting_quarter=open_quarter).exists()
    client.force_login(blaby_manager)
    opened = _opened(client, url)
    assert opened["version"] == "0"
    record_delivery_judgement(
        indicator=li11, area=blaby, year=FinancialYear(2010), quarter=3, status="red", reason=RED,
        source="Co-ordinator's review", user=board_officer,
    )  # fmt: skip
    amber = {f"i{li11.pk}-delivery": "amber", f"i{li11.pk}-delivery_reason": AMBER}
    response = client.post(url, figures(ni20, li11, **amber, **opened))
    assert response.status_code == 409
    judgement = DeliveryJudgement.objects.get(indicator=li11, area=blaby, year=FinancialYear(2010), quarter=3)
    assert (judgement.status, judgement.entered_by) == ("red", board_officer)
    # Having seen what changed, the manager may still save their own judgement, from the page now shown.
    again = _opened_from(response)
    assert client.post(url, figures(ni20, li11, **amber, **again)).status_code == 302
    judgement.refresh_from_db()
    assert (judgement.status, judgement.entered_by) == ("amber", blaby_manager)


def test_the_managers_own_saves_never_conflict_with_themselves(client, blaby_manager, open_quarter, blaby, ni20, li11):
    url = return_url(open_quarter, blaby)
    client.force_login(blaby_manager)
    for count in ("95", "96", "97"):
        assert client.post(url, figures(ni20, li11, count=count, **_opened(client, url))).status_code == 302
    assert _li11_figure(blaby, li11).value == Decimal(97)


def _opened_from(response) -> dict:
    form = BeautifulSoup(response.content, "html.parser").select_one("main form[method=post]")
    return {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
