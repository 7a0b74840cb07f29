"""Rules the database enforces whatever the code above it does."""

from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction

from core.periods import FinancialYear
from indicators.models import Measurement, Target
from partnerships.models import Area

pytestmark = pytest.mark.django_db


def test_a_duplicate_quarterly_measurement_is_rejected(ni20, blaby):
    Measurement.objects.create(indicator=ni20, area=blaby, year=FinancialYear(2009), quarter=2, value=D("1.1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(indicator=ni20, area=blaby, year=FinancialYear(2009), quarter=2, value=D("1.2"))


def test_a_duplicate_whole_year_measurement_is_rejected(ni20, blaby):
    Measurement.objects.create(indicator=ni20, area=blaby, year=FinancialYear(2015), value=D("1.1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(indicator=ni20, area=blaby, year=FinancialYear(2015), value=D("1.2"))


def test_the_same_quarter_in_another_area_is_allowed(ni20, blaby):
    melton = Area.objects.get(name="Melton")
    Measurement.objects.create(indicator=ni20, area=blaby, year=FinancialYear(2011), quarter=1, value=D("1"))
    Measurement.objects.create(indicator=ni20, area=melton, year=FinancialYear(2011), quarter=1, value=D("1"))
    assert Measurement.objects.filter(year=FinancialYear(2011), quarter=1, indicator=ni20).count() == 2


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"quarter": 5}, "measurement_quarter_1_to_4"),
        ({"denominator": D("0")}, "measurement_denominator_positive"),
        ({"numerator": D("-1")}, "measurement_numerator_not_negative"),
    ],
)
def test_measurement_check_constraints(ni20, blaby, fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Measurement.objects.create(indicator=ni20, area=blaby, year=FinancialYear(2012), value=D("1"), **fields)


def test_an_indicator_with_figures_cannot_be_deleted(ni20, blaby):
    Measurement.objects.create(indicator=ni20, area=blaby, year=FinancialYear(2013), quarter=1, value=D("1"))
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        ni20.delete()


def test_a_target_needs_a_value_or_words(ni20, blaby):
    with pytest.raises(IntegrityError, match="target_has_value_or_words"), transaction.atomic():
        Target.objects.create(indicator=ni20, area=blaby, year=FinancialYear(2016))


def test_a_data_only_target_cannot_carry_a_value(ni20, blaby):
    with pytest.raises(IntegrityError, match="target_data_only_has_no_value"), transaction.atomic():
        Target.objects.create(
            indicator=ni20, area=blaby, year=FinancialYear(2016), value=D("1"), is_data_only=True, rule_text="x"
        )


def test_saving_a_target_derives_its_value_and_flags_disagreement(ni20, blaby):
    target = Target.objects.create(
        indicator=ni20,
        area=blaby,
        year=FinancialYear(2017),
        rule_text="(3.44 – 6% = 3.99)",
        value=D("3.99"),
        rule_base=D("3.44"),
        rule_change_percent=D("-6"),
        rule_decimal_places=2,
    )
    target.refresh_from_db()
    assert target.derived_value == D("3.23")
    assert target.has_derivation_flag


def test_ons_code_format_is_checked(seeded):
    with pytest.raises(IntegrityError, match="area_ons_code_format"), transaction.atomic():
        Area.objects.create(name="Nowhere", slug="nowhere", kind="district", ons_code="X12345")
