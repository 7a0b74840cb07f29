"""A closed quarter is closed on every import path (issue 8.5): the admin's preview and confirm, and
``manage.py import_table``, as the resource already refuses it (tests/imports/test_resources.py).
Spend lines have no import resource, so the import cannot reach them."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.imports.io import table_import
from core.periods import FinancialYear
from indicators.models import Measurement
from indicators.resources import MeasurementResource
from returns.models import ReportingQuarter
from tests.imports.conftest import MEASUREMENT_HEADER, csv_bytes

pytestmark = pytest.mark.django_db

CLOSED_LINE = "NI 20,Blaby,2011/12,2,9.9,,,"
MESSAGE = "2011/12 Q2 is closed, so nothing in it can change"


@pytest.fixture
def closed_q2(seeded):
    return ReportingQuarter.objects.create(year=FinancialYear(2011), quarter=2, is_open=False)


def _figures():
    return sorted(Measurement.objects.filter(year=FinancialYear(2011)).values_list("quarter", "value"))


def test_the_admin_preview_refuses_a_figure_in_a_closed_quarter(client, administrator, closed_q2):
    client.force_login(administrator)
    upload = SimpleUploadedFile("figures.csv", csv_bytes(MEASUREMENT_HEADER, CLOSED_LINE))
    response = client.post(
        reverse("admin:indicators_measurement_import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    page = BeautifulSoup(response.content, "html.parser")
    [row] = page.select("table.import-preview tbody tr")
    assert row.find("th").get_text(strip=True) == "2"
    assert MESSAGE in row.get_text(" ", strip=True)
    assert page.find("form", action=reverse("admin:indicators_measurement_process_import")) is None
    assert _figures() == []


def test_a_quarter_closed_between_preview_and_confirm_refuses_the_confirm(client, administrator, seeded):
    client.force_login(administrator)
    upload = SimpleUploadedFile("figures.csv", csv_bytes(MEASUREMENT_HEADER, CLOSED_LINE))
    preview = client.post(
        reverse("admin:indicators_measurement_import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    form = BeautifulSoup(preview.content, "html.parser").find(
        "form", action=reverse("admin:indicators_measurement_process_import")
    )
    fields = {f["name"]: f.get("value", "") for f in form.find_all("input") if f.get("name")}
    ReportingQuarter.objects.create(year=FinancialYear(2011), quarter=2, is_open=False)

    response = client.post(reverse("admin:indicators_measurement_process_import"), fields, follow=True)

    assert any("Nothing was imported" in str(m) for m in response.context["messages"])
    assert _figures() == []


def test_the_command_refuses_a_figure_in_a_closed_quarter(tmp_path, closed_q2):
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_bytes(MEASUREMENT_HEADER, CLOSED_LINE))
    with pytest.raises(CommandError) as failure:
        call_command("import_table", "measurements", str(path))
    assert f"Line 2: {MESSAGE}" in str(failure.value).splitlines()
    assert _figures() == []


def test_a_closed_quarter_figure_in_an_xlsx_is_refused_too(closed_q2):
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(MEASUREMENT_HEADER.split(","))
    workbook.active.append(["NI 20", "Blaby", "2011/12", 2, 9.9])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = table_import(
        resource_class=MeasurementResource, data=buffer.getvalue(), file_name="figures.xlsx", dry_run=False
    )
    assert result.has_validation_errors()
    assert _figures() == []
