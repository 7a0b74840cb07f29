"""Admin for the facts, lists and agency action plans transcribed from the documents."""

from django.contrib import admin

from core.admin_inlines import ChildForms, ChildRows
from partnerships.facts import AreaFact, ListedItem
from partnerships.plans import ActionPlan, PlanActivity, ServiceContribution


@admin.register(AreaFact)
class AreaFactAdmin(admin.ModelAdmin):
    list_display = ["topic", "label", "period", "value_text", "unit", "source"]
    list_filter = ["unit", "topic"]
    search_fields = ["topic", "label", "value_text", "source"]
    filter_horizontal = ["areas"]
    autocomplete_fields = ["partnership", "agency", "part_of"]


@admin.register(ListedItem)
class ListedItemAdmin(admin.ModelAdmin):
    list_display = ["list_title", "number", "label", "text", "partnership", "agency", "area"]
    list_select_related = ["partnership", "agency", "area"]
    search_fields = ["list_title", "text", "label"]
    autocomplete_fields = ["partnership", "agency"]


class PlanActivityInline(ChildRows):
    model = PlanActivity


class ServiceContributionInline(ChildForms):
    model = ServiceContribution


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "start_year", "end_year"]
    list_select_related = ["agency"]
    search_fields = ["title"]
    inlines = [PlanActivityInline, ServiceContributionInline]


@admin.register(PlanActivity)
class PlanActivityAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "section", "activity", "lead", "timescale"]
    list_select_related = ["plan"]
    search_fields = ["activity", "lead"]


@admin.register(ServiceContribution)
class ServiceContributionAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "department", "service", "contact"]
    list_select_related = ["plan"]
    search_fields = ["service", "department"]
