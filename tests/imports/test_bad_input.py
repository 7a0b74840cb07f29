"""The bulk import refuses what the return form refuses (issue 8.4): one set of rules, each refusal a line-level
error naming the line and the column, and nothing written, at the preview (dry run) and at confirm alike.

Run on PostgreSQL too (the NUL cases): DATABASE_URL=postgres://postgres@127.0.0.1:5432/sc_imports.
"""

import io
from decimal import Decimal

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.imports.io import result_errors, result_summary, table_import
from core.periods import FinancialYear
from funding.models import Allocation
from funding.resources import AllocationResource
from indicators.models import Measurement
from indicators.resources import MeasurementResource
from tests.imports.conftest import csv_bytes

pytestmark = pytest.mark.django_db

GRANT = "ABG Safer Communities revenue 2010/11"
COUNT = "LI 11 (NI 40)"  # a count: whole numbers, never negative
HEADER = "indicator,area,year,quarter,value,commentary"
TOO_LONG = "The text must be 4,000 characters or fewer"


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl writes formulas without a cached result, as a script or web app would
    return buffer.getvalue()


# (id, resource, file name, file bytes, the errors listed, exactly)
BAD_FILES = [
    (
        "negative_count",
        MeasurementResource,
        "figures.csv",
        csv_bytes(HEADER, f"{COUNT},Blaby,2011/12,1,-5,"),
        [f"Line 2: value: {COUNT} figure cannot be negative"],
    ),
    (
        "fractional_count",
        MeasurementResource,
        "figures.csv",
        csv_bytes(HEADER, f"{COUNT},Blaby,2011/12,1,2.5,"),
        [f"Line 2: value: {COUNT} figure must be a whole number, as it is a count"],
    ),
    (
        "percentage_over_100",
        MeasurementResource,
        "figures.csv",
        csv_bytes(HEADER, "NI 21,Blaby,2011/12,1,112,"),
        ["Line 2: value: NI 21 figure must be 100% or less"],
    ),
    (
        "numerator_over_denominator",
        MeasurementResource,
        "figures.csv",
        csv_bytes("indicator,area,year,quarter,numerator,denominator", "NI 20,Blaby,2011/12,1,95000,93000"),
        ["Line 2: numerator: NI 20 numerator cannot be more than the denominator"],
    ),
    (
        "commentary_4001_characters",
        MeasurementResource,
        "figures.csv",
        csv_bytes(HEADER, "NI 20,Blaby,2011/12,1,3.1," + "x" * 4001),
        [f"Line 2: commentary: {TOO_LONG} (it has 4,001)"],
    ),
    (
        "commentary_1_mb",
        MeasurementResource,
        "figures.csv",
        csv_bytes(HEADER, "NI 20,Blaby,2011/12,1,3.1," + "x" * 1_048_576),
        [f"Line 2: commentary: {TOO_LONG} (it has 1,048,576)"],
    ),
    (
        "nul_in_commentary",
        MeasurementResource,
        "figures.csv",
        csv_bytes(HEADER, "NI 20,Blaby,2011/12,1,3.1,On\x00track"),
        ["Line 2: commentary: The text contains a control character (U+0000) that cannot be stored: remove it"],
    ),
    (
        "nul_in_allocation_label",
        AllocationResource,
        "allocations.csv",
        csv_bytes("grant,label,category,amount", f"{GRANT},Extra\x00line,Activity,1000"),
        ["Line 2: label: The text contains a control character (U+0000) that cannot be stored: remove it"],
    ),
    (
        "nul_in_grant_title",
        AllocationResource,
        "allocations.csv",
        csv_bytes("grant,label,category,amount", f"{GRANT}\x00,Extra line,Activity,1000"),
        ["Line 2: grant: The text contains a control character (U+0000) that cannot be stored: remove it"],
    ),
    (
        "duplicated_value_header",
        MeasurementResource,
        "figures.csv",
        csv_bytes("indicator,area,year,quarter,value,value", "NI 20,Blaby,2011/12,1,3.1,9"),
        ["Line 1: the column 'value' appears twice (columns 5 and 6): keep one"],
    ),
    (
        "row_missing_two_cells",
        MeasurementResource,
        "figures.csv",
        csv_bytes(HEADER, "NI 20,Blaby,2011/12,1"),
        [
            "Line 2: the line has 4 cells but the header has 6 (value and commentary are missing): "
            "write an empty cell as a comma"
        ],
    ),
    (
        "row_with_an_extra_cell",
        MeasurementResource,
        "figures.csv",
        csv_bytes(HEADER, "NI 20,Blaby,2011/12,1,3.1,On track,9"),
        ["Line 2: the line has 7 cells but the header has 6: remove the extra cell or name its column"],
    ),
    (
        "xlsx_formula_without_a_saved_value",
        MeasurementResource,
        "figures.xlsx",
        _xlsx([HEADER.split(","), ["NI 20", "Blaby", "2011/12", 1, "=1+2", None]]),
        [
            "Line 2: value: the cell holds the formula =1+2 but no saved result: open the file in Excel "
            "and save it again, or paste the values in"
        ],
    ),
]


@pytest.fixture
def existing_figures(seeded):
    """Blaby's 2011/12 Q1 figure and commentary, which no bad file may change or blank."""
    table_import(
        resource_class=MeasurementResource,
        data=csv_bytes(HEADER, "NI 20,Blaby,2011/12,1,3.1,On track", f"{COUNT},Blaby,2011/12,1,95,"),
        file_name="first.csv",
        dry_run=False,
    )


def _snapshot():
    return (
        sorted(Measurement.objects.filter(year=FinancialYear(2011)).values_list("pk", "value", "commentary")),
        sorted(Allocation.objects.values_list("pk", "label", "amount")),
        Measurement.history.count(),
        Allocation.history.count(),
    )


@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "confirm"])
@pytest.mark.parametrize(
    ("case", "resource_class", "file_name", "data", "errors"), BAD_FILES, ids=[c[0] for c in BAD_FILES]
)
def test_each_bad_input_is_a_line_error_and_nothing_is_written(
    existing_figures, dry_run, case, resource_class, file_name, data, errors
):
    before = _snapshot()

    result = table_import(resource_class=resource_class, data=data, file_name=file_name, dry_run=dry_run)

    assert result_errors(result) == errors, case
    assert result_summary(result)["errors"] >= 1
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("case", "resource_class", "file_name", "data", "errors"),
    [case for case in BAD_FILES if case[0] != "duplicated_value_header"],
    ids=[case[0] for case in BAD_FILES if case[0] != "duplicated_value_header"],
)
def test_the_admin_preview_shows_each_reason_by_line_and_column_and_offers_no_confirm(
    client, administrator, existing_figures, case, resource_class, file_name, data, errors
):
    before = _snapshot()
    model = "funding_allocation" if resource_class is AllocationResource else "indicators_measurement"
    client.force_login(administrator)
    upload = SimpleUploadedFile(file_name, data)
    file_format = "1" if file_name.endswith(".xlsx") else "0"
    response = client.post(
        reverse(f"admin:{model}_import"), {"resource": "0", "format": file_format, "import_file": upload}
    )

    assert response.status_code == 200, case
    page = BeautifulSoup(response.content, "html.parser")
    row = page.select_one("table.import-preview tbody tr")
    line, _, reason = errors[0].partition(": ")
    assert row.find(["th", "td"]).get_text(strip=True) == line.removeprefix("Line ")
    assert reason.partition(": ")[2] in row.get_text(" ", strip=True) or reason in row.get_text(" ", strip=True)
    assert page.find("form", action=reverse(f"admin:{model}_process_import")) is None
    assert _snapshot() == before


def test_a_duplicated_header_is_named_on_the_admin_preview(client, administrator, existing_figures):
    client.force_login(administrator)
    upload = SimpleUploadedFile(
        "figures.csv", csv_bytes("indicator,area,year,quarter,value,value", "NI 20,Blaby,2011/12,1,3.1,9")
    )
    response = client.post(
        reverse("admin:indicators_measurement_import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Line 1: the column 'value' appears twice (columns 5 and 6): keep one" in text
    figure = Measurement.objects.get(indicator__code="NI 20", area__name="Blaby", year=FinancialYear(2011))
    assert (figure.value, figure.commentary) == (Decimal("3.1"), "On track")
