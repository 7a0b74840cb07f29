"""The admin import's confirm step and preview: a forged confirm is a 400 page, not a 500 (issue 8.10), and each
failing row's reasons are visible text in the row, not a hover-only tooltip (issue 9.7)."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.periods import FinancialYear
from indicators.models import Measurement
from tests.imports.conftest import csv_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:indicators_measurement_import"
CONFIRM_URL = "admin:indicators_measurement_process_import"


def _preview(client, data):
    upload = SimpleUploadedFile("figures.csv", data)
    return client.post(reverse(IMPORT_URL), {"resource": "0", "format": "0", "import_file": upload})


def _confirm_fields(response):
    form = BeautifulSoup(response.content, "html.parser").find("form", action=reverse(CONFIRM_URL))
    return {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}


def _figures_2011():
    return Measurement.objects.filter(year=FinancialYear(2011))


# --- Forged confirms ---------------------------------------------------------------------------

FORGERIES = [
    ("format_abc", {"format": "abc"}, "The confirm names a file format this page does not offer."),
    ("format_out_of_range", {"format": "7"}, "The confirm names a file format this page does not offer."),
    ("resource_abc", {"resource": "abc"}, "The confirm names a table this page does not import."),
    ("no_file_name", {"import_file_name": None}, "upload is not kept any more"),
    ("tampered_file_name", {"import_file_name": "0" * 32}, "upload is not kept any more"),
    ("path_traversal", {"import_file_name": "../../etc/passwd"}, "upload is not kept any more"),
    ("absolute_path", {"import_file_name": "/etc/passwd"}, "upload is not kept any more"),
    ("no_original_name", {"original_file_name": None}, "The confirm does not name the uploaded file."),
]


@pytest.mark.parametrize(("case", "change", "message"), FORGERIES, ids=[f[0] for f in FORGERIES])
def test_a_forged_confirm_gets_a_400_page_and_imports_nothing(
    client, administrator, new_figures, case, change, message
):
    client.force_login(administrator)
    fields = _confirm_fields(_preview(client, csv_bytes(*new_figures)))
    for name, value in change.items():
        if value is None:
            fields.pop(name)
        else:
            fields[name] = value

    response = client.post(reverse(CONFIRM_URL), fields)

    assert response.status_code == 400, case
    page = BeautifulSoup(response.content, "html.parser")
    assert message in page.select_one(".errornote").get_text(" ", strip=True)
    assert page.find("a", href=reverse(IMPORT_URL)).get_text(strip=True) == "Upload the file again"
    assert not _figures_2011().exists()


def test_confirming_the_same_preview_twice_gets_a_400_the_second_time(client, administrator, new_figures):
    client.force_login(administrator)
    fields = _confirm_fields(_preview(client, csv_bytes(*new_figures)))
    assert client.post(reverse(CONFIRM_URL), fields).status_code == 302
    again = client.post(reverse(CONFIRM_URL), fields)
    assert again.status_code == 400
    assert _figures_2011().count() == 3


def test_a_confirm_from_staff_who_may_not_import_is_still_403(client, seeded, new_figures):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    viewer = get_user_model().objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client.force_login(viewer)
    response = client.post(reverse(CONFIRM_URL), {"format": "abc"})
    assert response.status_code == 403


# --- Visible reasons ---------------------------------------------------------------------------


def test_each_rows_reasons_are_visible_text_in_the_row_not_a_hover_tooltip(client, administrator, new_figures):
    client.force_login(administrator)
    response = _preview(client, csv_bytes(*new_figures, "NI 20,Blaby,2011/12,4,many,,,", "NI 20,Blaby,2011/12,3,,1,0,"))

    page = BeautifulSoup(response.content, "html.parser")
    rows = page.select("table.import-preview tbody tr")
    reasons = {
        row.find(["th", "td"]).get_text(strip=True): [li.get_text(" ", strip=True) for li in row.select("li")]
        for row in rows
    }
    assert reasons == {
        "5": ["value : 'many' is not a number: write it like 1234.5"],
        "6": ["denominator : NI 20 denominator must be more than 0"],
    }
    for row in rows:
        for item in row.select("li"):
            # import-export's own markup hides the list (opacity 0) until the mouse is over it
            assert not item.find_parents(class_="validation-error-container")
            assert item.get("title") is None and item.get("hidden") is None
        assert row.find(["th", "td"]).name == "th" and row.find("th")["scope"] == "row"  # read out with each cell
