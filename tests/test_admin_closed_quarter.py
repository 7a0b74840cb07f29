"""A closed quarter is closed in admin too: no figure, return or spend line in it is added, changed or deleted."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from core.periods import FinancialYear
from funding.models import Allocation, SpendLine
from indicators.models import Measurement
from returns.models import ReportingQuarter, Return
from tests.test_admin_forms import browser_form_data

pytestmark = pytest.mark.django_db

CLOSED = "2011/12 Q2 is closed, so nothing in it can change."


@pytest.fixture
def closed_quarter(seeded):
    return ReportingQuarter.objects.create(year=FinancialYear(2011), quarter=2, is_open=False)


@pytest.fixture
def closed_figure(closed_quarter, ni20, blaby):
    return Measurement.objects.create(indicator=ni20, area=blaby, year=closed_quarter.year, quarter=2, value=7)


@pytest.fixture
def closed_return(closed_quarter, blaby):
    return Return.objects.create(reporting_quarter=closed_quarter, area=blaby)


@pytest.fixture
def closed_spend(closed_quarter):
    return SpendLine.objects.create(
        allocation=Allocation.objects.order_by("pk").first(), year=closed_quarter.year, quarter=2, amount=10
    )


@pytest.fixture
def open_figure(ni20, melton):
    return Measurement.objects.create(indicator=ni20, area=melton, year=FinancialYear(2010), quarter=1, value=3)


def _messages(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(node.get_text(" ", strip=True) for node in soup.select(".messagelist li, .errornote, .errorlist"))


def _change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("fixture", ["closed_figure", "closed_return", "closed_spend"])
def test_deleting_a_row_of_a_closed_quarter_in_admin_is_refused(client, administrator, request, fixture):
    obj = request.getfixturevalue(fixture)
    client.force_login(administrator)
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])

    confirm_page = client.get(url, follow=True)
    response = client.post(url, {"post": "yes"}, follow=True)

    assert confirm_page.status_code == response.status_code == 200
    assert CLOSED in _messages(confirm_page)
    assert CLOSED in _messages(response)
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("fixture", ["closed_figure", "closed_return", "closed_spend"])
def test_bulk_delete_including_a_closed_quarter_deletes_nothing(client, administrator, request, fixture, ni20):
    obj = request.getfixturevalue(fixture)
    model = type(obj)
    open_rows = list(model.objects.exclude(pk=obj.pk).values_list("pk", flat=True)[:2])
    count = model.objects.count()
    client.force_login(administrator)
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    response = client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [obj.pk, *open_rows], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert CLOSED in _messages(response)
    assert model.objects.count() == count


def test_bulk_delete_of_figures_in_open_quarters_still_works(client, administrator, closed_figure):
    figures = list(Measurement.objects.exclude(pk=closed_figure.pk).values_list("pk", flat=True)[:2])
    client.force_login(administrator)

    response = client.post(
        reverse("admin:indicators_measurement_changelist"),
        {"action": "delete_selected", "_selected_action": figures, "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert not Measurement.objects.filter(pk__in=figures).exists()


def test_adding_a_return_for_a_closed_quarter_in_admin_is_refused(client, administrator, closed_quarter, blaby):
    client.force_login(administrator)
    url = reverse("admin:returns_return_add")
    data = browser_form_data(client.get(url).content.decode(), "return_form")
    data.update(reporting_quarter=[closed_quarter.pk], area=[blaby.pk])

    response = client.post(url, data)

    assert response.status_code == 200
    assert CLOSED in _messages(response)
    assert not Return.objects.filter(reporting_quarter=closed_quarter).exists()


@pytest.mark.parametrize(
    ("fixture", "field", "value"),
    [("closed_figure", "value", "99"), ("closed_spend", "amount", "99.00"), ("closed_return", None, None)],
)
def test_changing_a_row_of_a_closed_quarter_in_admin_is_refused(client, administrator, request, fixture, field, value):
    obj = request.getfixturevalue(fixture)
    client.force_login(administrator)
    url = _change_url(obj)
    page = client.get(url)
    data = browser_form_data(page.content.decode(), f"{obj._meta.model_name}_form")
    if field:
        data[field] = [value]
    before = type(obj).objects.filter(pk=obj.pk).values().get()

    response = client.post(url, data)

    assert CLOSED in _messages(page)  # said before the administrator types anything
    assert response.status_code == 200
    assert CLOSED in _messages(response)
    assert type(obj).objects.filter(pk=obj.pk).values().get() == before


def test_moving_a_figure_into_a_closed_quarter_in_admin_is_refused(client, administrator, closed_quarter, open_figure):
    figure = open_figure
    client.force_login(administrator)
    url = _change_url(figure)
    data = browser_form_data(client.get(url).content.decode(), "measurement_form")
    data.update(year=["2011/12"], quarter=["2"])

    response = client.post(url, data)

    assert response.status_code == 200
    assert CLOSED in _messages(response)
    figure.refresh_from_db()
    assert (figure.year, figure.quarter) != (closed_quarter.year, 2)


def test_a_figure_in_an_open_quarter_still_changes_in_admin(client, administrator, closed_quarter, open_figure):
    figure = open_figure
    client.force_login(administrator)
    url = _change_url(figure)
    data = browser_form_data(client.get(url).content.decode(), "measurement_form")
    data["value"] = ["12.5"]

    assert client.post(url, data).status_code == 302
    figure.refresh_from_db()
    assert figure.value == Decimal("12.5")


def test_reverting_a_figure_of_a_closed_quarter_from_its_history_is_refused(client, administrator, closed_figure):
    Measurement.objects.filter(pk=closed_figure.pk).update(value=8)  # a later value, to revert from
    version = closed_figure.history.earliest()
    client.force_login(administrator)
    url = reverse("admin:indicators_measurement_simple_history", args=[closed_figure.pk, version.history_id])
    html = client.get(url).content.decode()
    form_id = BeautifulSoup(html, "html.parser").select_one("#content form[method=post]")["id"]
    data = browser_form_data(html, form_id)

    response = client.post(url, data)

    assert response.status_code == 200
    assert CLOSED in _messages(response)
    closed_figure.refresh_from_db()
    assert closed_figure.value == 8
