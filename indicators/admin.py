from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Agreement, Baseline, Indicator, Measurement, Outcome, Target


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


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


class BaselineInline(admin.TabularInline):
    model = Baseline
    extra = 0
    fields = [
        "area",
        "year",
        "period_text",
        "value",
        "value_text",
        "is_indicative",
        "is_rebased",
        "source",
    ]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
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
    filter_horizontal = ["lead_partnerships", "themes"]
    inlines = [BaselineInline, TargetInline]


@admin.register(Baseline)
class BaselineAdmin(SimpleHistoryAdmin):
    list_display = [
        "indicator",
        "area",
        "year",
        "period_text",
        "value",
        "value_text",
        "is_indicative",
        "is_rebased",
    ]
    list_filter = ["indicator__agreement", "area", "is_rebased"]
    search_fields = ["indicator__code", "value_text", "source"]
    list_select_related = ["indicator", "area"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
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


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = [
        "indicator",
        "area",
        "year",
        "quarter",
        "value",
        "numerator",
        "denominator",
        "is_synthetic",
        "entered_at",
    ]
    list_filter = ["is_synthetic", "indicator__agreement", "area", "year", "quarter"]
    search_fields = ["indicator__code", "commentary", "source"]
    list_select_related = ["indicator", "area"]
    readonly_fields = ["entered_by", "entered_at"]
