"""Admin for quarterly returns: administrators open and close quarters; returns show their history."""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from indicators.admin import ClosedQuarterAdmin
from returns import services
from returns.models import ReportingQuarter, Return


@admin.register(ReportingQuarter)
class ReportingQuarterAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "year", "quarter", "is_open", "opened_at", "closed_at"]
    list_filter = ["is_open", "year"]
    readonly_fields = ["opened_at", "closed_at"]
    actions = ["open_quarters", "close_quarters"]

    def save_model(self, request, obj, form, change):
        # Opening and closing go through the services, so the form stamps opened_at/closed_at as the actions do.
        wants_open = obj.is_open
        toggled = "is_open" in form.changed_data
        if toggled:
            obj.is_open = bool(form.initial.get("is_open"))  # the service makes this change
        if not change or set(form.changed_data) - {"is_open"}:
            super().save_model(request, obj, form, change)
        if toggled:
            if wants_open:
                services.quarter_open(year=obj.year, quarter=obj.quarter, user=request.user)
            else:
                services.quarter_close(reporting_quarter=obj, user=request.user)
            obj.refresh_from_db()

    @admin.action(description="Open the selected quarters for returns")
    def open_quarters(self, request, queryset):
        for reporting_quarter in queryset:
            services.quarter_open(year=reporting_quarter.year, quarter=reporting_quarter.quarter, user=request.user)
        self.message_user(request, f"Opened {queryset.count()} quarter(s).", messages.SUCCESS)

    @admin.action(description="Close the selected quarters (nothing in them can change)")
    def close_quarters(self, request, queryset):
        for reporting_quarter in queryset:
            services.quarter_close(reporting_quarter=reporting_quarter, user=request.user)
        self.message_user(request, f"Closed {queryset.count()} quarter(s).", messages.SUCCESS)


@admin.register(Return)
class ReturnAdmin(ClosedQuarterAdmin, SimpleHistoryAdmin):
    """Returns change through the return pages (so the workflow rules apply); admin shows them and their history."""

    list_display = ["area", "reporting_quarter", "status", "version", "submitted_by", "decided_by", "updated_at"]
    list_filter = ["status", "reporting_quarter", "area"]
    list_select_related = ["area", "reporting_quarter", "submitted_by", "decided_by"]
    readonly_fields = [
        "reporting_quarter",
        "area",
        "status",
        "version",
        "returned_reason",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "updated_by",
        "updated_at",
    ]

    def row_period(self, row):
        quarter = row.reporting_quarter if row.reporting_quarter_id else None
        return (quarter.year, quarter.quarter) if quarter else (None, None)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reporting_quarter")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:  # starting a return for an area and quarter is the only thing admin may do
            return [name for name in self.readonly_fields if name not in ("reporting_quarter", "area")]
        return self.readonly_fields
