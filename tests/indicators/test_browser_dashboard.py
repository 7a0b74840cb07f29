"""A board officer filters the dashboard to Red, opens an indicator, picks a district and sees its line."""

from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from core.periods import FinancialYear
from indicators.models import Measurement
from tests.browser import PASSWORD, chromium_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(seeded):
    call_command("generate_demo_figures", verbosity=0)
    # Make the county's latest NI 20 figure clearly off target (target 5.08 for 2010/11).
    Measurement.objects.filter(
        indicator__code="NI 20", area__name="Leicestershire", year=FinancialYear(2010), quarter=4
    ).update(value=D("6.50"))
    user = get_user_model().objects.create_user("browser-board", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Board officers"))
    return user


def test_board_officer_filters_to_red_and_compares_a_district(live_server, officer):
    with chromium_page() as page:
        sign_in(page, live_server.url, "browser-board")

        page.get_by_label("Status").select_option(label="Red")
        page.get_by_role("button", name="Show").click()
        page.wait_for_load_state()
        table = page.locator("table.app-table tbody")
        statuses = table.locator("td strong.app-rag").all_inner_texts()
        assert statuses and set(statuses) == {"Red"}

        table.get_by_role("link", name="NI 20").click()
        page.wait_for_url("**/indicators/ni-20/**")
        page.get_by_label("Compare with a district").select_option(label="Blaby")
        page.wait_for_url("**district=blaby**")
        chart = page.locator("[data-chart-source='trend-chart-data']")
        chart.scroll_into_view_if_needed()
        legend = chart.locator(".legendtext")
        legend.first.wait_for()
        assert "Blaby" in legend.all_text_contents()
        assert page.locator("#trend-table thead").get_by_text("Blaby", exact=True).is_visible()
        assert page.locator("#trend-table thead").get_by_text("Blaby target due", exact=True).is_visible()
        assert page.console_errors == []
