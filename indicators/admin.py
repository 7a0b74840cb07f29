from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from indicators.import_admin import SafeImportMixin
from indicators.models import Agreement, Baseline, Indicator, Measurement, Outcome, Target
from indicators.resources import BaselineResource, MeasurementResource, TargetResource, result_summary


class BulkImportAdmin(SafeImportMixin, ImportExportMixin, SimpleHistoryAdmin):
    """History plus CSV/XLSX import (preview, then confirm; all or nothing) and export.

    The import-export mixin comes first so its URLs and change-list buttons wrap
    simple-history's admin, which keeps its history pages.
    """

    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]

    def has_import_permission(self, request):
        # Importing adds and changes rows, so it needs both permissions (import-export allows any staff user).
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = (getattr(response, "context_data", None) or {}).get("result")
        if result is not None:
            counts = result_summary(result)
            summary = (
                f"Preview: {counts['new']} new, {counts['changed']} to change, "
                f"{counts['unchanged']} unchanged, {counts['errors']} with errors."
            )
            if counts["errors"]:
                messages.error(
                    request,
                    f"{summary} Nothing will be imported until every row is correct: the rows with errors "
                    "are listed below by line (line 1 is the header).",
                )
            else:
                messages.info(request, f"{summary} Nothing has been written yet: confirm to import.")
        return response

    def process_result(self, result, request):
        counts = result_summary(result)
        if counts["errors"] or result.has_errors():
            # The data changed between preview and confirm: the import was rolled back as a whole.
            messages.error(
                request,
                f"Nothing was imported: {counts['errors']} rows failed when confirming. Upload the file again to see why.",
            )
            info = self.get_model_info()
            return HttpResponseRedirect(reverse(f"admin:{info[0]}_{info[1]}_import", current_app=self.admin_site.name))
        return super().process_result(result, request)


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
class BaselineAdmin(BulkImportAdmin):
    resource_classes = [BaselineResource]
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
class TargetAdmin(BulkImportAdmin):
    resource_classes = [TargetResource]
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
class MeasurementAdmin(BulkImportAdmin):
    resource_classes = [MeasurementResource]
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
