"""The admin's import page: dry-run preview with counts and line-numbered errors, confirm, all or nothing."""

import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.periods import FinancialYear
from indicators.models import Indicator, Measurement
from tests.imports.conftest import MEASUREMENT_HEADER, csv_bytes

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "0", "1"
IMPORT_URL = "admin:indicators_measurement_import"
CONFIRM_URL = "admin:indicators_measurement_process_import"


def _preview(client, data, *, name="figures.csv", file_format=CSV_FORMAT, url=IMPORT_URL):
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse(url), {"resource": "0", "format": file_format, "import_file": upload})


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _confirm_fields(response):
    form = BeautifulSoup(response.content, "html.parser").find("form", action=reverse(CONFIRM_URL))
    assert form is not None, "no confirm form on the preview"
    return {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}


def _figures_2011():
    return Measurement.objects.filter(year=FinancialYear(2011))


def test_the_changelist_offers_import_and_export(client, administrator):
    client.force_login(administrator)
    html = client.get(reverse("admin:indicators_measurement_changelist")).content.decode()
    assert reverse(IMPORT_URL) in html
    assert reverse("admin:indicators_measurement_export") in html


def test_the_preview_counts_new_changed_and_unchanged_rows_and_writes_nothing(client, administrator, new_figures):
    client.force_login(administrator)
    client.post(reverse(CONFIRM_URL), _confirm_fields(_preview(client, csv_bytes(*new_figures))))
    assert _figures_2011().count() == 3

    lines = [
        MEASUREMENT_HEADER,
        "NI 20,Blaby,2011/12,1,3.0,,,Revised",
        "NI 20,Blaby,2011/12,2,3.2,,,",
        "NI 20,Blaby,2011/12,3,3.3,,,",
    ]
    response = _preview(client, csv_bytes(*lines))

    assert response.status_code == 200
    assert (
        "Preview: 1 new, 1 to change, 1 unchanged, 0 with errors. Nothing has been written yet: confirm to import."
        in _messages(response)
    )
    assert _figures_2011().count() == 3
    assert _figures_2011().get(area__name="Blaby", quarter=1).commentary == "On track"


def test_the_preview_lists_each_row_error_with_its_line_number_and_offers_no_confirm(
    client, administrator, new_figures
):
    client.force_login(administrator)
    response = _preview(client, csv_bytes(*new_figures, "NI 20,Blaby,2011/12,4,many,,,"))

    assert response.status_code == 200
    assert _messages(response)[0].startswith("Preview: 3 new, 0 to change, 0 unchanged, 1 with errors.")
    page = BeautifulSoup(response.content, "html.parser")
    rows = page.select("table.import-preview tbody tr")
    assert len(rows) == 1
    cells = rows[0].find_all(["th", "td"])
    assert cells[0].get_text(strip=True) == "5"  # line 5 of the file: the header is line 1
    assert "value" in cells[1].get_text()
    assert "'many' is not a number" in cells[1].get_text()
    assert page.find("form", action=reverse(CONFIRM_URL)) is None
    assert not _figures_2011().exists()


def test_confirming_a_clean_preview_imports_every_row_with_history_and_the_user(client, administrator, new_figures):
    client.force_login(administrator)
    preview = _preview(client, csv_bytes(*new_figures))
    response = client.post(reverse(CONFIRM_URL), _confirm_fields(preview))

    assert response.status_code == 302
    assert _figures_2011().count() == 3
    history = Measurement.history.filter(year=FinancialYear(2011))
    assert history.count() == 3
    assert {h.history_user for h in history} == {administrator}
    assert {h.history_change_reason for h in history} == {"Imported from figures.csv"}


def test_an_xlsx_upload_previews_and_imports(client, administrator, new_figures):
    workbook = openpyxl.Workbook()
    for line in new_figures:
        workbook.active.append([None if cell == "" else cell for cell in line.split(",")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(administrator)

    preview = _preview(client, buffer.getvalue(), name="figures.xlsx", file_format=XLSX_FORMAT)
    assert "Preview: 3 new, 0 to change, 0 unchanged, 0 with errors." in _messages(preview)[0]
    client.post(reverse(CONFIRM_URL), _confirm_fields(preview))
    assert _figures_2011().count() == 3


def test_a_row_that_fails_at_confirm_rolls_back_the_whole_file(client, administrator, new_figures):
    client.force_login(administrator)
    preview = _preview(client, csv_bytes(*new_figures, "NI 21,Blaby,2011/12,1,40,,,"))
    fields = _confirm_fields(preview)
    Indicator.objects.filter(code="NI 21").update(code="NI 21 (renamed)")  # someone edits between preview and confirm

    response = client.post(reverse(CONFIRM_URL), fields, follow=True)

    assert not _figures_2011().exists()
    assert any(m.startswith("Nothing was imported: 1 rows failed") for m in _messages(response))


def test_an_export_from_the_admin_imports_back_as_no_changes(client, administrator):
    client.force_login(administrator)
    for file_format, name in ((CSV_FORMAT, "measurements.csv"), (XLSX_FORMAT, "measurements.xlsx")):
        export = client.post(
            reverse("admin:indicators_measurement_export"),
            {"resource": "0", "format": file_format, **{f"measurementresource_{f}": "on" for f in _columns()}},
        )
        assert export.status_code == 200, export.content[:500]
        preview = _preview(client, export.content, name=name, file_format=file_format)
        count = Measurement.objects.count()
        assert f"Preview: 0 new, 0 to change, {count} unchanged, 0 with errors." in _messages(preview)[0]


def _columns():
    from indicators.resources import MeasurementResource

    return list(MeasurementResource._meta.fields)


@pytest.mark.parametrize("url", [IMPORT_URL, "admin:funding_allocation_import", "admin:indicators_target_import"])
def test_staff_who_may_only_view_cannot_import(client, seeded, url):
    viewer = get_user_model().objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client.force_login(viewer)
    assert client.get(reverse(url)).status_code == 403


def test_a_board_officer_cannot_reach_the_import_page(client, board_officer):
    client.force_login(board_officer)
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
