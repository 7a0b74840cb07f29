from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerships.models import (
    Agency,
    Area,
    HeadlineAction,
    Membership,
    Milestone,
    Partnership,
    PartnershipPriority,
    PriorityHolding,
    PriorityTheme,
)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ons_code", "parent", "population", "population_year"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "ons_code"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


class PriorityHoldingInline(admin.TabularInline):
    model = PriorityHolding
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_responsible_authority"]
    list_filter = ["kind", "is_responsible_authority"]
    search_fields = ["name"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "short_name",
        "kind",
        "reports_to",
        "area_names",
        "started_on",
        "ended_on",
    ]
    list_filter = ["kind", "areas"]
    search_fields = ["name", "short_name", "description"]
    list_select_related = ["reports_to"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["areas", "managers"]
    autocomplete_fields = ["reports_to"]
    inlines = [MembershipInline, PriorityHoldingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("areas")

    @admin.display(description="Areas")
    def area_names(self, obj):
        return ", ".join(area.name for area in obj.areas.all())


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["partnership", "agency", "kind", "role"]
    list_filter = ["kind", "partnership__kind"]
    search_fields = ["partnership__name", "agency__name", "role"]
    list_select_related = ["partnership", "agency"]
    autocomplete_fields = ["partnership", "agency"]


@admin.register(PriorityTheme)
class PriorityThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "basis", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PriorityHolding)
class PriorityHoldingAdmin(admin.ModelAdmin):
    list_display = ["partnership", "theme", "level", "start_year", "end_year"]
    list_filter = ["level", "theme", "partnership"]
    search_fields = ["partnership__name", "theme__name"]
    list_select_related = ["partnership", "theme"]


class HeadlineActionInline(admin.TabularInline):
    model = HeadlineAction
    extra = 0
    fields = ["number", "title", "lead", "lead_agency", "timescale"]


@admin.register(PartnershipPriority)
class PartnershipPriorityAdmin(admin.ModelAdmin):
    list_display = ["partnership", "start_year", "number", "title", "theme", "is_cross_cutting"]
    list_filter = ["partnership", "is_cross_cutting"]
    search_fields = ["title", "partnership__name"]
    list_select_related = ["partnership", "theme"]
    inlines = [HeadlineActionInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["year", "quarter", "title", "status", "note"]


@admin.register(HeadlineAction)
class HeadlineActionAdmin(admin.ModelAdmin):
    list_display = ["title", "priority", "number", "lead"]
    list_filter = ["priority__partnership"]
    search_fields = ["title", "lead"]
    list_select_related = ["priority", "priority__partnership"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "action", "year", "quarter", "status", "updated_at"]
    list_filter = ["status", "year", "quarter"]
    search_fields = ["title", "action__title"]
    list_select_related = ["action"]
    readonly_fields = ["updated_by", "updated_at"]
