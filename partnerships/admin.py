from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, User
from simple_history.admin import SimpleHistoryAdmin

from core.admin_deletion import RefusedDeletionMixin
from core.admin_inlines import ChildRows
from core.imports.admin import BulkImportAdmin
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
from partnerships.populations import Population
from partnerships.resources import PopulationResource


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = [
            "name",
            "slug",
            "kind",
            "ons_code",
            "parent",
            "members",
            "population",
            "population_year",
            "population_source",
            "source",
        ]

    def clean(self):
        cleaned_data = super().clean()
        members, kind = cleaned_data.get("members"), cleaned_data.get("kind")
        if members and kind != Area.Kind.GROUP:
            self.add_error("members", "Only a group of areas has members: choose the kind 'Group of areas'")
        if kind == Area.Kind.GROUP and members is not None and len(members) < 2:
            self.add_error("members", "A group of areas joins two or more areas: choose them")
        return cleaned_data


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    form = AreaForm
    list_display = ["name", "kind", "ons_code", "parent", "population", "population_year"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "ons_code"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


@admin.register(Population)
class PopulationAdmin(BulkImportAdmin):
    """Denominators for rates: load published mid-year estimates (CSV/XLSX) with their source."""

    resource_classes = [PopulationResource]
    list_display = ["area", "year", "kind", "value", "period_text", "source"]
    list_filter = ["kind", "year", "area"]
    list_select_related = ["area"]
    search_fields = ["area__name", "source"]


class MembershipInline(ChildRows):
    model = Membership
    autocomplete_fields = ["agency"]


class PriorityHoldingInline(ChildRows):
    model = PriorityHolding


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
    filter_horizontal = ["areas", "managers", "also_reports_to"]
    autocomplete_fields = ["reports_to"]
    inlines = [MembershipInline, PriorityHoldingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("areas")

    @admin.display(description="Areas")
    def area_names(self, obj):
        return ", ".join(area.name for area in obj.areas.all())


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["partnership", "agency", "kind", "role", "as_of"]
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


class HeadlineActionInline(ChildRows):
    model = HeadlineAction
    fields = ["number", "title", "lead", "lead_agency", "timescale"]


@admin.register(PartnershipPriority)
class PartnershipPriorityAdmin(admin.ModelAdmin):
    list_display = ["partnership", "start_year", "number", "title", "theme", "is_cross_cutting"]
    list_filter = ["partnership", "is_cross_cutting"]
    search_fields = ["title", "partnership__name"]
    list_select_related = ["partnership", "theme"]
    inlines = [HeadlineActionInline]


class MilestoneInline(ChildRows):
    model = Milestone
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


# --- Users and roles ---------------------------------------------------------------------


def _authorship_fields():
    """Every foreign key that records who did something: history authors, ``*_by`` fields, admin log entries."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not (field.many_to_one and field.related_model is User):
                continue
            is_history = any(f.name == "history_user" for f in model._meta.concrete_fields)
            if field.name == "history_user" or (not is_history and field.name.endswith("_by")) or model is LogEntry:
                yield model, field


def changes_made_by(user) -> list[str]:
    """What the records say ``user`` did, in words ("12 history entries"); empty if nothing (a query per link)."""
    history_entries, others = 0, []
    for model, field in _authorship_fields():
        count = model._default_manager.filter(**{field.name: user}).count()
        if not count:
            continue
        if field.name == "history_user":
            history_entries += count
        else:
            others.append(f"{count} {model._meta.verbose_name_plural} ({field.verbose_name})")
    entries = f"{history_entries} history entr{'y' if history_entries == 1 else 'ies'}"
    return ([entries] if history_entries else []) + others


def _deletion_refusal(users_with_changes) -> str:
    names = ", ".join(str(user) for user, _ in users_with_changes)
    reasons = "; ".join(f"{user}: {', '.join(changes)}" for user, changes in users_with_changes)
    return (
        f"Not deleted: {names} made changes that the records keep their name on ({reasons}); deleting them "
        "would erase who made those changes. Deactivate them instead (untick “Active”, or use the "
        "“Deactivate the selected users” action): they can no longer sign in and their name stays on their changes."
    )


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(RefusedDeletionMixin, SimpleHistoryAdmin, DjangoUserAdmin):
    """Users who made changes are deactivated, never deleted, so the history keeps their name."""

    actions = ["deactivate_users"]

    @admin.action(description="Deactivate the selected users (they can no longer sign in)")
    def deactivate_users(self, request, queryset):
        for user in queryset.filter(is_active=True):
            user.is_active = False
            user.save()  # one by one, so each keeps a history row with its author
        self.message_user(request, f"Deactivated {queryset.count()} user(s).", messages.SUCCESS)

    def deletion_refusal(self, users) -> str | None:
        authors = [(user, changes) for user in users if (changes := changes_made_by(user))]
        return _deletion_refusal(authors) if authors else None


@admin.register(Group)
class GroupAdmin(SimpleHistoryAdmin, DjangoGroupAdmin):
    """Groups are the roles (partnerships.roles): their permission changes keep their author."""


from partnerships import admin_documents  # noqa: E402, F401  (the facts, lists and plans: kept in their own module)
