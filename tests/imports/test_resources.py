"""The import resources: natural keys, every row checked, all or nothing, round trips, history."""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from core.imports.io import result_errors, result_summary, table_export, table_import
from core.periods import FinancialYear
from funding.models import Allocation
from funding.resources import AllocationResource
from indicators.models import Baseline, Measurement, Target
from indicators.resources import BaselineResource, MeasurementResource, TargetResource
from partnerships.models import Area
from returns.models import ReportingQuarter, Return
from tests.imports.conftest import MEASUREMENT_HEADER, csv_bytes

pytestmark = pytest.mark.django_db

TABLES = [
    (MeasurementResource, Measurement),
    (TargetResource, Target),
    (BaselineResource, Baseline),
    (AllocationResource, Allocation),
]


def _import(lines, *, dry_run=False, user=None, resource_class=MeasurementResource, file_name="figures.csv"):
    return table_import(
        resource_class=resource_class, data=csv_bytes(*lines), file_name=file_name, dry_run=dry_run, user=user
    )


# --- Round trips -------------------------------------------------------------------


@pytest.mark.parametrize(("resource_class", "model"), TABLES, ids=lambda v: getattr(v, "__name__", v))
@pytest.mark.parametrize("file_name", ["export.csv", "export.xlsx"])
def test_exporting_the_seeded_table_and_importing_it_again_changes_nothing(seeded, resource_class, model, file_name):
    before = model.objects.count()
    history_before = model.history.count()
    data = table_export(resource_class=resource_class, file_name=file_name)

    result = table_import(resource_class=resource_class, data=data, file_name=file_name, dry_run=False)

    assert result_errors(result) == []
    assert result_summary(result) == {"new": 0, "changed": 0, "unchanged": before, "errors": 0}
    assert model.objects.count() == before
    assert model.history.count() == history_before


def test_new_figures_round_trip_through_csv_and_xlsx(seeded, new_figures):
    _import(new_figures)
    for file_name in ("again.csv", "again.xlsx"):
        data = table_export(
            resource_class=MeasurementResource, file_name=file_name, queryset=Measurement.objects.in_year(2011)
        )
        result = table_import(resource_class=MeasurementResource, data=data, file_name=file_name, dry_run=False)
        assert result_summary(result) == {"new": 0, "changed": 0, "unchanged": 3, "errors": 0}


def test_export_writes_natural_keys_and_the_year_as_written(seeded, new_figures):
    _import(new_figures)
    data = table_export(
        resource_class=MeasurementResource, file_name="x.csv", queryset=Measurement.objects.in_year(2011)
    )
    lines = data.decode().splitlines()
    assert (
        lines[0] == "indicator,area,year,quarter,period_text,value,numerator,denominator,commentary,is_synthetic,source"
    )
    assert lines[1].startswith("NI 20,Blaby,2011/12,1,,3.1,,,On track,no,")


# --- What an import does -------------------------------------------------------------


def test_an_import_creates_new_rows_and_changes_existing_ones_by_natural_key(seeded, new_figures):
    _import(new_figures)
    result = _import([MEASUREMENT_HEADER, "NI 20,Blaby,2011/12,1,3.0,,,Revised", "NI 20,Blaby,2011/12,3,3.3,,,"])

    assert result_summary(result) == {"new": 1, "changed": 1, "unchanged": 0, "errors": 0}
    revised = Measurement.objects.get(indicator__code="NI 20", area__name="Blaby", year=FinancialYear(2011), quarter=1)
    assert revised.value == D("3.0")
    assert revised.commentary == "Revised"


def test_a_blank_quarter_is_a_whole_year_figure(seeded):
    _import([MEASUREMENT_HEADER, "NI 20,Blaby,2011/12,,12.5,,,"])
    figure = Measurement.objects.get(indicator__code="NI 20", area__name="Blaby", year=FinancialYear(2011))
    assert figure.quarter is None


def test_a_dry_run_writes_nothing(seeded, new_figures):
    before = Measurement.objects.count()
    result = _import(new_figures, dry_run=True)
    assert result_summary(result)["new"] == 3
    assert Measurement.objects.count() == before


def test_a_file_with_one_bad_row_writes_nothing(seeded, new_figures):
    before, history_before = Measurement.objects.count(), Measurement.history.count()
    result = _import([*new_figures, "NI 20,Charnwood,2011/12,1,lots,,,"])

    assert result_summary(result)["errors"] == 1
    assert result_errors(result) == ["Line 5: value: 'lots' is not a number: write it like 1234.5"]
    assert Measurement.objects.count() == before
    assert Measurement.history.count() == history_before


def test_a_bad_row_among_changes_leaves_the_existing_figures_untouched(seeded, new_figures):
    _import(new_figures)
    result = _import([MEASUREMENT_HEADER, "NI 20,Blaby,2011/12,1,9.9,,,", "NI 20,Blaby,2011/12,2,9.9,,0,"])

    assert result_summary(result)["errors"] == 1
    figures = Measurement.objects.filter(area__name="Blaby", year=FinancialYear(2011)).values_list("value", flat=True)
    assert sorted(figures) == [D("3.1"), D("3.2")]


BAD_ROWS = [
    ("NI 20,Blaby,2011/12,1,abc,,,", "Line 2: value: 'abc' is not a number: write it like 1234.5"),
    ("NI 20,Blaby,2011/12,1,NaN,,,", "Line 2: value: 'NaN' is not a number: write it like 1234.5"),
    ("NI 20,Blaby,2011/12,1,inf,,,", "Line 2: value: 'inf' is not a number: write it like 1234.5"),
    ("NI 20,Blaby,2011/12,1,1e400,,,", "Line 2: value: '1e400' is not a number: write it like 1234.5"),
    ("NI 20,Blaby,2011/12,1,1.23456,,,", "Line 2: value: The number must have no more than 4 decimal places"),
    ("NI 20,Blaby,2011/12,1,,1,seven,", "Line 2: denominator: 'seven' is not a number: write it like 1234.5"),
    (
        "NI 999,Blaby,2011/12,1,1,,,",
        "Line 2: indicator: There is no indicator with code 'NI 999'",
    ),
    ("NI 20,Atlantis,2011/12,1,1,,,", "Line 2: area: There is no area with name 'Atlantis'"),
    ("NI 20,Blaby,2011,1,1,,,", "Line 2: year: '2011' is not a financial year: write it as 2009/10"),
    (
        "NI 20,Blaby,2011/13,1,1,,,",
        "Line 2: year: '2011/13' is not a financial year: the second year must follow the first (expected 2011/12)",
    ),
    ("NI 20,Blaby,,1,1,,,", "Line 2: A figure needs a financial year (measurement_has_year)"),
    (
        "NI 20,Blaby,2011/12,5,1,,,",
        "Line 2: quarter: 5 is not a quarter: write 1, 2, 3 or 4, or leave it blank for the whole year",
    ),
    (
        "NI 20,Blaby,2011/12,1,1,3,0,",
        "Line 2: denominator: NI 20 denominator must be more than 0",  # the return form's rule and words
    ),
    (
        "NI 20,Blaby,2011/12,1,1,-3,5,",
        "Line 2: numerator: NI 20 numerator cannot be negative",
    ),
]


@pytest.mark.parametrize(("line", "message"), BAD_ROWS)
def test_each_bad_row_gets_a_message_naming_its_line_and_column(seeded, line, message):
    result = _import([MEASUREMENT_HEADER, line], dry_run=True)
    assert message in result_errors(result)


def test_the_same_key_twice_in_one_file_is_an_error_not_a_silent_overwrite(seeded):
    result = _import([MEASUREMENT_HEADER, "NI 20,Blaby,2011/12,1,3.1,,,", "NI 20,Blaby,2011/12,1,3.9,,,"])
    assert result_errors(result) == [
        "Line 3: Line 2 already has this indicator, area, year, quarter: give each one line only"
    ]
    assert not Measurement.objects.filter(year=FinancialYear(2011)).exists()


def test_a_file_without_a_key_column_fails_as_a_whole(seeded):
    result = _import(["indicator,area,year,value", "NI 20,Blaby,2011/12,3.1"])
    assert result_errors(result) == [
        "The following fields are declared in 'import_id_fields' but are not present in the file headers: quarter"
    ]
    assert not Measurement.objects.filter(year=FinancialYear(2011)).exists()


def test_a_closed_quarter_or_an_existing_return_refuses_new_figures_but_not_unchanged_ones(seeded, new_figures):
    _import(new_figures)
    ReportingQuarter.objects.create(year=FinancialYear(2011), quarter=2, is_open=False)
    open_quarter = ReportingQuarter.objects.create(year=FinancialYear(2011), quarter=1, is_open=True)
    Return.objects.create(reporting_quarter=open_quarter, area=Area.objects.get(name="Blaby"))

    unchanged = _import(new_figures, dry_run=True)
    assert result_summary(unchanged) == {"new": 0, "changed": 0, "unchanged": 3, "errors": 0}

    changed = _import(
        [
            MEASUREMENT_HEADER,
            "NI 20,Blaby,2011/12,1,9,,,",
            "NI 20,Blaby,2011/12,2,9,,,",
            "NI 20,Melton,2011/12,1,9,,,",
            "NI 20,Melton,2011/12,3,9,,,",
        ]
    )
    assert result_errors(changed) == [
        "Line 2: Blaby's 2011/12 Q1 return exists (draft): change its figures through the return",
        "Line 3: 2011/12 Q2 is closed, so nothing in it can change",
    ]
    assert Measurement.objects.get(area__name="Melton", year=FinancialYear(2011), quarter=1).value == D("2.9")


def test_a_misspelt_column_fails_the_file_instead_of_being_ignored(seeded):
    result = _import(["indicator,area,year,quarter,Value", "NI 20,Blaby,2011/12,1,3.1"])
    assert result_summary(result)["errors"] >= 1
    assert any("Unknown columns 'Value'" in error for error in result_errors(result))
    assert not Measurement.objects.filter(year=FinancialYear(2011)).exists()


def test_every_failing_row_is_listed_not_only_the_first(seeded):
    result = _import(
        [MEASUREMENT_HEADER, "NI 20,Blaby,2011/12,1,x,,,", "NI 20,Blaby,2011/12,2,3,,,", "NI 20,Blaby,2011/12,3,y,,,"]
    )
    assert [error.split(":")[0] for error in result_errors(result)] == ["Line 2", "Line 4"]


def test_targets_run_the_model_rules_and_derive_their_value(seeded):
    header = "indicator,area,year,is_indicative,rule_text,value,rule_base,rule_change_percent,is_data_only"
    ok = _import([header, "NI 20,Blaby,2013/14,,320 - 3%,,320,-3,no"], resource_class=TargetResource)
    assert result_errors(ok) == []
    target = Target.objects.get(indicator__code="NI 20", area__name="Blaby", year=FinancialYear(2013))
    assert target.derived_value == D("310.4")  # 320 less 3%, to the indicator's decimal places

    half_rule = _import([header, "NI 20,Melton,2013/14,no,,5,320,,no"], resource_class=TargetResource, dry_run=True)
    assert result_errors(half_rule) == [
        "Line 2: Give rule_base and rule_change_percent together, or neither (target_rule_base_and_change_together)"
    ]
    nothing = _import([header, "NI 20,Melton,2013/14,no,,,,,no"], resource_class=TargetResource, dry_run=True)
    assert result_errors(nothing) == [
        "Line 2: A target needs a value, a rule_text, or is_data_only set to yes (target_has_value_or_words)"
    ]


def test_allocations_name_their_grant_partnership_and_parent(seeded):
    grant = "ABG Safer Communities revenue 2010/11"
    header = "grant,label,category,partnership,parent,amount"
    result = _import(
        [
            header,
            f"{grant},Extra line,Activity,,,1000",
            f"{grant},Extra part,partnership,Blaby District Community Safety Partnership,Extra line,250",
        ],
        resource_class=AllocationResource,
    )
    assert result_errors(result) == []
    part = Allocation.objects.get(grant__title=grant, label="Extra part")
    assert part.parent.label == "Extra line"
    assert part.category == "partnership"

    bad = _import([header, f"{grant},Another,partnership,,,5"], resource_class=AllocationResource, dry_run=True)
    assert result_errors(bad) == [
        "Line 2: An allocation in the partnership category needs a partnership "
        "(allocation_partnership_category_names_partnership)"
    ]


# --- Formulae ---------------------------------------------------------------------------


# The escape rule itself is tested in tests/core/test_exports.py; here, that imports and exports keep to it.
COMMENTS = ["=1+2", "+1", "-2 down", "@cell", "'=already quoted"]


def _commented_figures():
    return [MEASUREMENT_HEADER] + [f'NI 20,Blaby,2011/12,{q},{q},,,"{c}"' for q, c in enumerate(COMMENTS[:4], 1)]


def test_csv_exports_never_start_a_cell_with_a_formula_character(seeded):
    _import(_commented_figures())
    data = table_export(
        resource_class=MeasurementResource, file_name="x.csv", queryset=Measurement.objects.in_year(2011)
    ).decode()
    for comment in COMMENTS[:4]:
        assert f",'{comment}," in data
    result = table_import(resource_class=MeasurementResource, data=data.encode(), file_name="x.csv", dry_run=False)
    assert result_summary(result)["unchanged"] == 4
    stored = Measurement.objects.in_year(2011).order_by("quarter").values_list("commentary", flat=True)
    assert list(stored) == COMMENTS[:4]


def test_xlsx_exports_write_formula_characters_as_text_cells(seeded):
    _import(_commented_figures())
    data = table_export(
        resource_class=MeasurementResource, file_name="x.xlsx", queryset=Measurement.objects.in_year(2011)
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("commentary") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    assert all(cell.data_type == "s" for cell in cells)
    assert [cell.value for cell in cells] == [f"'{c}" for c in COMMENTS[:4]]
    result = table_import(resource_class=MeasurementResource, data=data, file_name="x.xlsx", dry_run=False)
    assert result_summary(result)["unchanged"] == 4


# --- History -------------------------------------------------------------------------------


def test_imported_rows_land_in_history_with_the_importing_user(seeded, new_figures):
    user = get_user_model().objects.get(username="admin")
    _import(new_figures, user=user)
    _import([MEASUREMENT_HEADER, "NI 20,Blaby,2011/12,1,3.0,,,Revised"], user=user)

    figure = Measurement.objects.get(area__name="Blaby", year=FinancialYear(2011), quarter=1)
    records = list(figure.history.order_by("history_id"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert {r.history_user for r in records} == {user}
    assert records[-1].history_change_reason == "Imported from figures.csv"
    assert [r.value for r in records] == [D("3.1"), D("3.0")]
