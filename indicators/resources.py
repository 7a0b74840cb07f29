"""Bulk import and export of measurements, targets and baselines (django-import-export).

The shared rules (natural keys, full_clean, all or nothing, history, formula
escaping) are ``core.imports``'; these resources add the tables' own:

- Columns: the indicator's code ("NI 20"), the area's name ("Blaby"), the
  financial year as "2009/10", the quarter as 1–4 (blank for a whole year).
- A quarter's figures belong to the returns workflow: an import cannot write a
  figure in a closed quarter, or for an area and quarter that has a return.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from import_export.fields import Field

from core.imports.batches import BatchWriteMixin
from core.imports.resources import NaturalKeyResource
from core.imports.widgets import (
    ChoiceWidget,
    WholeNumberWidget,
    financial_year,
    natural_key,
    number,
    quarter,
    text,
    yes_no,
)
from core.periods import Quarter
from core.text import COMMENTARY_MAX_LENGTH
from indicators.judgements import DeliveryJudgement, DeliveryRag
from indicators.models import Baseline, Indicator, Measurement, Target
from indicators.targets import ChangeUnit, Rounding
from indicators.validation import check_entry, takes_ratio
from partnerships.models import Area
from returns.models import ReportingQuarter, Return, quarter_closed_message

# What each named database constraint of these tables means, for people fixing a spreadsheet.
CONSTRAINT_MESSAGES = {
    "measurement_unique_per_quarter": "There is already a figure for this indicator, area, year and quarter",
    "measurement_unique_per_year": "There is already a whole-year figure for this indicator, area and year",
    "measurement_has_year": "A figure needs a financial year",
    "measurement_quarter_1_to_4": "The quarter must be 1, 2, 3 or 4, or blank for the whole year",
    "measurement_denominator_positive": "The denominator must be greater than 0",
    "measurement_numerator_not_negative": "The numerator cannot be negative",
    "measurement_commentary_max_length": f"The commentary must be {COMMENTARY_MAX_LENGTH:,} characters or fewer",
    "baseline_unique_per_year": "There is already a baseline for this indicator, area and year",
    "baseline_unique_without_year": "There is already a baseline without a year for this indicator and area",
    "baseline_has_value_or_text": "A baseline needs a value or a value_text",
    "target_unique_per_year": "There is already a target for this indicator, area and year",
    "target_rule_base_and_change_together": "Give rule_base and rule_change_percent together, or neither",
    "target_has_value_or_words": "A target needs a value, a rule_text, or is_data_only set to yes",
    "target_data_only_has_no_value": "A data-only target (is_data_only yes) has no value",
    "target_rule_change_unit_known": "rule_change_unit must be percent or points",
    "delivery_judgement_unique_per_quarter": "There is already a delivery judgement for this indicator, area and quarter",
    "delivery_judgement_quarter": "The quarter must be 1, 2, 3 or 4",
    "delivery_judgement_status": "The status must be green, amber or red",
    "delivery_judgement_has_reason": "Give the reason for the delivery judgement",
    "delivery_judgement_reason_max_length": f"The reason must be {COMMENTARY_MAX_LENGTH:,} characters or fewer",
}


def _typed(value) -> str:
    """A stored number as someone would type it, for the return form's checks."""
    return "" if value is None else format(Decimal(value), "f")


@functools.lru_cache(maxsize=4096)
def _entry_errors(code: str, unit: str, value: str, numerator: str, denominator: str) -> tuple:
    """``check_entry``'s errors for a figure and its ratio, as (input, messages) pairs: worked out once for each
    indicator and typed figures, as a large file repeats them."""
    results = [check_entry(code=code, unit=unit, value=value)]
    if takes_ratio(unit) and numerator and denominator:
        results.append(check_entry(code=code, unit=unit, numerator=numerator, denominator=denominator))
    errors = {}
    for result in results:
        for name, messages in result.errors.items():
            errors.setdefault(name, []).extend(messages)
    return tuple((name, tuple(messages)) for name, messages in errors.items())


class IndicatorAreaResource(NaturalKeyResource):
    """The key columns every table of an indicator's figures starts with: its code, the area's name, the year."""

    constraint_messages = CONSTRAINT_MESSAGES
    indicator = natural_key("indicator", Indicator, "code")
    area = natural_key("area", Area, "name")
    year = financial_year()

    def get_queryset(self):
        # The key columns name the indicator and the area: read them with the row, not one query each.
        return self._meta.model.objects.select_related("indicator", "area")


class BatchedFiguresResource(BatchWriteMixin, IndicatorAreaResource):
    """A table of figures long enough to be written in batches, each row still with its history.

    Subclasses' Meta inherit this one (``class Meta(BatchedFiguresResource.Meta)``): import-export reads the
    options a Meta class carries, so a resource derived from them keeps skip_unchanged and the rest.
    """

    class Meta(NaturalKeyResource.Meta):
        use_bulk = True
        batch_size = BatchWriteMixin.write_batch_size


class MeasurementResource(BatchedFiguresResource):
    quarter = quarter()
    period_text = text("period_text")
    value = number("value")
    numerator = number("numerator")
    denominator = number("denominator")
    commentary = text("commentary")
    is_synthetic = yes_no("is_synthetic")
    source = text("source")

    class Meta(BatchedFiguresResource.Meta):
        model = Measurement
        name = "Measurements (indicator code, area name, 2009/10, quarter 1–4)"
        fields = (
            "indicator",
            "area",
            "year",
            "quarter",
            "period_text",
            "value",
            "numerator",
            "denominator",
            "commentary",
            "is_synthetic",
            "source",
        )
        import_id_fields = ("indicator", "area", "year", "quarter")

    def before_import(self, dataset, **kwargs):
        self._closed_quarters = ReportingQuarter.objects.closed_periods()
        self._returns = {
            (r.area_id, r.reporting_quarter.year, r.reporting_quarter.quarter): r
            for r in Return.objects.select_related("area", "reporting_quarter")
        }
        super().before_import(dataset, **kwargs)  # last: it may refuse the file, and the rows are still checked

    def field_rules(self, instance) -> dict[str, list[str]]:
        """The return form's rules for the indicator's unit (``check_entry``): a count is a whole number and
        not negative, a percentage at most 100, a numerator no more than its denominator, …

        The figure and the numerator and denominator are checked apart: an export carries all three, and
        the documents give some figures with their numerator alone (a count of crimes beside the rate).
        """
        if instance.indicator_id is None:
            return {}
        indicator = instance.indicator
        shown = tuple(_typed(getattr(instance, name)) for name in ("value", "numerator", "denominator"))
        return {name: list(messages) for name, messages in _entry_errors(indicator.code, indicator.unit, *shown)}

    def row_rules(self, instance) -> list[str]:
        """A quarter's figures change through the returns workflow: never in a closed quarter or behind a return."""
        if instance.quarter is None or instance.year is None:
            return []
        if closed := closed_quarter_rule(instance, self._closed_quarters):
            return closed
        record = self._returns.get((instance.area_id, instance.year, instance.quarter))
        if record is not None:
            label = Quarter(instance.year, instance.quarter).label
            return [
                f"{record.area}'s {label} return exists ({record.get_status_display().lower()}): "
                "change its figures through the return"
            ]
        return []


class TargetResource(BatchedFiguresResource):
    is_indicative = yes_no("is_indicative")
    period_text = text("period_text")
    rule_text = text("rule_text")
    value = number("value")
    rule_base = number("rule_base")
    rule_change_percent = number("rule_change_percent")
    rule_change_unit = Field(
        attribute="rule_change_unit", column_name="rule_change_unit", widget=ChoiceWidget(ChangeUnit.choices())
    )
    rule_rounding = Field(
        attribute="rule_rounding", column_name="rule_rounding", widget=ChoiceWidget(Rounding.choices())
    )
    rule_decimal_places = Field(
        attribute="rule_decimal_places", column_name="rule_decimal_places", widget=WholeNumberWidget()
    )
    is_data_only = yes_no("is_data_only")
    notes = text("notes")
    source = text("source")

    class Meta(BatchedFiguresResource.Meta):
        model = Target
        name = "Targets (indicator code, area name, 2009/10)"
        fields = (
            "indicator",
            "area",
            "year",
            "is_indicative",
            "period_text",
            "rule_text",
            "value",
            "rule_base",
            "rule_change_percent",
            "rule_change_unit",
            "rule_rounding",
            "rule_decimal_places",
            "is_data_only",
            "notes",
            "source",
        )
        import_id_fields = ("indicator", "area", "year", "is_indicative")

    def prepare_write(self, instance) -> None:
        instance.refresh_derivation()  # what Target.save() does: bulk writes skip save()


class BaselineResource(BatchedFiguresResource):
    is_indicative = yes_no("is_indicative")
    quarter = quarter()
    period_text = text("period_text")
    value = number("value")
    value_text = text("value_text")
    is_rebased = yes_no("is_rebased")
    source = text("source")

    class Meta(BatchedFiguresResource.Meta):
        model = Baseline
        name = "Baselines (indicator code, area name, 2009/10)"
        fields = (
            "indicator",
            "area",
            "year",
            "is_indicative",
            "quarter",
            "period_text",
            "value",
            "value_text",
            "is_rebased",
            "source",
        )
        import_id_fields = ("indicator", "area", "year", "is_indicative")


def closed_quarter_rule(instance, closed_quarters: set) -> list[str]:
    """The row's quarter is closed (``ReportingQuarter.objects.closed_periods()``): the one sentence, as a row error."""
    if (instance.year, instance.quarter) in closed_quarters:
        return [quarter_closed_message(Quarter(instance.year, instance.quarter)).rstrip(".")]
    return []


class DeliveryJudgementResource(IndicatorAreaResource):
    """Delivery judgements (seed 003's "delivery" status per target): the model's ``clean`` is the one rule, and
    nothing in a closed quarter changes."""

    quarter = quarter()
    status = Field(attribute="status", column_name="status", widget=ChoiceWidget(DeliveryRag.choices))
    reason = text("reason")
    source = text("source")

    class Meta:
        model = DeliveryJudgement
        name = "Delivery judgements (indicator code, area name, 2006/07, quarter 1–4, green/amber/red, reason)"
        fields = ("indicator", "area", "year", "quarter", "status", "reason", "source")
        import_id_fields = ("indicator", "area", "year", "quarter")

    def before_import(self, dataset, **kwargs):
        self._closed_quarters = ReportingQuarter.objects.closed_periods()
        super().before_import(dataset, **kwargs)

    def row_rules(self, instance) -> list[str]:
        return closed_quarter_rule(instance, self._closed_quarters)
