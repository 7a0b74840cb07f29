import copy

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from core.admin_deletion import RefusedDeletionMixin
from core.admin_inlines import ChildRows
from core.imports.admin import BulkImportAdmin
from core.periods import Quarter
from indicators.models import (
    Agreement,
    Baseline,
    DeliveryJudgement,
    Indicator,
    IndicatorCommentary,
    Measurement,
    Outcome,
    ReportedSummary,
    Target,
    TargetPart,
)
from indicators.resources import BaselineResource, DeliveryJudgementResource, MeasurementResource, TargetResource
from returns.models import ReportingQuarter, quarter_closed_message


class ClosedQuarterAdmin(RefusedDeletionMixin, admin.ModelAdmin):
    """Rows of a closed reporting quarter are not added, changed or deleted through admin.

    The same rule as the return pages, imports and spend entry
    (``ReportingQuarter.objects.closed_periods()``); refusals are messages, never errors.
    Subclasses say where a row's quarter is with ``row_period``.
    """

    def row_period(self, row) -> tuple:
        """``(FinancialYear, quarter number)`` of the row; either may be None (a whole year, or not set)."""
        return row.year, row.quarter

    def closed_quarters(self, rows) -> list[Quarter]:
        """The closed quarters among the rows' periods, in order (one query)."""
        periods = {self.row_period(row) for row in rows} & ReportingQuarter.objects.closed_periods()
        return sorted(Quarter(year, quarter) for year, quarter in periods)

    def _refusal(self, quarters) -> str:
        return " ".join(quarter_closed_message(quarter) for quarter in quarters)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ClosedQuarterForm(form):
            def clean(self):
                cleaned_data = super().clean()
                # Where the row is now (its stored values) and where this form would put it.
                rows = [type(self.instance)._default_manager.get(pk=self.instance.pk)] if self.instance.pk else []
                proposed = copy.copy(self.instance)
                for field in proposed._meta.concrete_fields:
                    if field.name in cleaned_data:
                        setattr(proposed, field.name, cleaned_data[field.name])
                closed = model_admin.closed_quarters([*rows, proposed])
                if closed:
                    raise ValidationError(model_admin._refusal(closed), code="quarter_closed")
                return cleaned_data

        return ClosedQuarterForm

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        closed = self.closed_quarters([obj]) if obj is not None else []
        if closed:
            messages.warning(request, self._refusal(closed))
        return super().change_view(request, object_id, form_url, extra_context)

    def deletion_refusal(self, rows) -> str | None:
        closed = self.closed_quarters(rows)
        return f"{self._refusal(closed)} Nothing was deleted." if closed else None


class OutcomeInline(ChildRows):
    model = Outcome


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "start_year", "end_year"]
    search_fields = ["code", "name"]
    inlines = [OutcomeInline]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "agreement", "lead"]
    list_filter = ["agreement"]
    search_fields = ["code", "title"]
    list_select_related = ["agreement"]


# A baseline's columns, in the indicator's inline and in the baselines' own list.
BASELINE_COLUMNS = ["area", "year", "period_text", "value", "value_text", "is_indicative", "is_rebased"]


class BaselineInline(ChildRows):
    model = Baseline
    fields = [*BASELINE_COLUMNS, "source"]


class TargetInline(ChildRows):
    model = Target
    fields = [
        "area",
        "year",
        "rule_text",
        "value",
        "is_indicative",
        "derived_value",
        "has_derivation_flag",
        "is_data_only",
    ]
    readonly_fields = ["derived_value", "has_derivation_flag"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "title",
        "agreement",
        "outcome",
        "unit",
        "polarity",
        "frequency",
        "reward_status",
    ]
    list_filter = ["agreement", "unit", "polarity", "frequency", "reward_status", "themes"]
    search_fields = ["code", "title", "definition"]
    list_select_related = ["agreement", "outcome"]
    prepopulated_fields = {"slug": ["code"]}
    filter_horizontal = ["lead_partnerships", "themes", "further_outcomes"]
    inlines = [BaselineInline, TargetInline]


@admin.register(Baseline)
class BaselineAdmin(BulkImportAdmin):
    resource_classes = [BaselineResource]
    list_display = ["indicator", *BASELINE_COLUMNS]
    list_filter = ["indicator__agreement", "area", "is_rebased"]
    search_fields = ["indicator__code", "value_text", "source"]
    list_select_related = ["indicator", "area"]


class TargetPartInline(ChildRows):
    model = TargetPart
    fields = ["label", "rule_text", "value", "notes", "source"]


@admin.register(Target)
class TargetAdmin(BulkImportAdmin):
    resource_classes = [TargetResource]
    inlines = [TargetPartInline]
    list_display = [
        "indicator",
        "area",
        "year",
        "rule_text",
        "value",
        "derived_value",
        "has_derivation_flag",
        "is_indicative",
        "is_data_only",
    ]
    list_filter = [
        "has_derivation_flag",
        "is_data_only",
        "is_indicative",
        "indicator__agreement",
        "area",
        "year",
    ]
    search_fields = ["indicator__code", "rule_text", "source"]
    list_select_related = ["indicator", "area"]
    readonly_fields = ["derived_value", "has_derivation_flag"]


class QuarterEntryAdmin(ClosedQuarterAdmin, BulkImportAdmin):
    """What is entered for an indicator, an area and a quarter (figures, delivery judgements): refused in a closed
    quarter, imported in bulk, filtered by agreement, area and period; who entered it and when are shown, not edited."""

    key_columns = ["indicator", "area", "year", "quarter"]
    period_filters = ["indicator__agreement", "area", "year", "quarter"]
    list_select_related = ["indicator", "area"]
    readonly_fields = ["entered_by", "entered_at"]


@admin.register(Measurement)
class MeasurementAdmin(QuarterEntryAdmin):
    resource_classes = [MeasurementResource]
    list_display = [*QuarterEntryAdmin.key_columns, "value", "numerator", "denominator", "is_synthetic", "entered_at"]
    list_filter = ["is_synthetic", *QuarterEntryAdmin.period_filters]
    search_fields = ["indicator__code", "commentary", "source"]


@admin.register(DeliveryJudgement)
class DeliveryJudgementAdmin(QuarterEntryAdmin):
    """Entered by the indicator's co-ordinator; the model's ``clean`` (``indicators.delivery``) is the rule."""

    resource_classes = [DeliveryJudgementResource]
    list_display = [*QuarterEntryAdmin.key_columns, "status", "entered_by", "entered_at"]
    list_filter = ["status", *QuarterEntryAdmin.period_filters]
    search_fields = ["indicator__code", "reason", "source"]
    list_select_related = [*QuarterEntryAdmin.list_select_related, "entered_by"]  # listed beside each judgement

    def save_model(self, request, obj, form, change):
        if not change or form.has_changed():  # saving an unchanged form changes nobody's judgement
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReportedSummary)
class ReportedSummaryAdmin(SimpleHistoryAdmin):
    list_display = ["document", "area", "year", "quarter", "scope", "measure", "green", "amber", "red", "not_available"]
    list_filter = ["scope", "measure", "year", "quarter"]
    search_fields = ["document", "source", "notes"]
    list_select_related = ["area"]


@admin.register(IndicatorCommentary)
class IndicatorCommentaryAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "area", "year", "quarter", "heading"]
    list_filter = ["heading", "indicator__agreement", "year", "quarter"]
    search_fields = ["indicator__code", "heading", "text", "source"]
    list_select_related = ["indicator", "area"]


@admin.register(TargetPart)
class TargetPartAdmin(SimpleHistoryAdmin):
    list_display = ["target", "label", "rule_text", "value"]
    search_fields = ["target__indicator__code", "rule_text", "source"]
    list_select_related = ["target__indicator", "target__area"]
