from django.contrib import admin
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from core.admin_inlines import ChildRows
from core.imports.admin import BulkImportAdmin
from funding.models import (
    AgreementResource,
    Allocation,
    AllocationFormula,
    Contribution,
    FormulaComponent,
    FormulaWeight,
    Funder,
    FundingStream,
    Grant,
    SpendLine,
    StatedTotal,
)
from funding.resources import AllocationResource
from funding.selectors import total_checks
from indicators.admin import ClosedQuarterAdmin


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "agency"]
    search_fields = ["name"]
    list_select_related = ["agency"]


@admin.register(FundingStream)
class FundingStreamAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "funder", "kind"]
    list_filter = ["kind", "funder"]
    search_fields = ["name", "short_name"]
    list_select_related = ["funder"]


class AllocationInline(ChildRows):
    model = Allocation
    fk_name = "grant"
    fields = ["order", "label", "category", "partnership", "heading", "parent", "priority", "amount", "amount_note"]
    autocomplete_fields = ["partnership"]


class ContributionInline(ChildRows):
    """Money in: who puts what into the grant or pool (its ``clean`` is the one rule for every write path)."""

    model = Contribution
    fields = ["order", "contributor", "funder", "amount", "approximate", "share_text", "source"]


class StatedTotalInline(ChildRows):
    model = StatedTotal
    fields = ["label", "measure", "allocation", "year", "quarter", "amount", "source"]


@admin.register(Grant)
class GrantAdmin(SimpleHistoryAdmin):
    list_display = ["title", "stream", "recipient", "starts_on", "ends_on", "amount", "amount_approximate", "part_of"]
    list_filter = ["stream", "stream__kind", "arrangement", "recipient"]
    search_fields = ["title", "notes"]
    list_select_related = ["stream", "recipient"]
    readonly_fields = ["computed_totals"]
    inlines = [AllocationInline, ContributionInline, StatedTotalInline]

    @admin.display(description="Totals computed from the lines")
    def computed_totals(self, obj):
        if not obj.pk:
            return "–"
        checks = total_checks(Grant.objects.filter(pk=obj.pk))
        if not checks:
            return "No stated totals to check."
        rows = format_html_join(
            "",
            "<li>{}: stated £{}, computed £{}{}</li>",
            (
                (
                    check.label,
                    f"{check.stated:,.2f}",
                    "–" if check.computed is None else f"{check.computed:,.2f}",
                    f" — FLAG: differs by £{check.difference:,.2f}" if check.differs else "",
                )
                for check in checks
            ),
        )
        return format_html("<ul>{}</ul>", rows)


@admin.register(Allocation)
class AllocationAdmin(BulkImportAdmin):
    resource_classes = [AllocationResource]
    list_display = [
        "label",
        "grant",
        "category",
        "partnership",
        "heading",
        "priority",
        "amount",
        "parent",
    ]
    list_filter = ["category", "grant__stream", "grant", "priority"]
    search_fields = ["label", "heading", "itemised", "grant__title"]
    list_select_related = ["grant", "partnership", "priority", "parent"]
    autocomplete_fields = ["partnership"]


@admin.register(StatedTotal)
class StatedTotalAdmin(admin.ModelAdmin):
    list_display = ["label", "grant", "measure", "allocation", "year", "quarter", "amount"]
    list_filter = ["measure", "grant"]
    search_fields = ["label", "grant__title"]
    list_select_related = ["grant", "allocation"]


class FormulaComponentInline(ChildRows):
    model = FormulaComponent


@admin.register(AllocationFormula)
class AllocationFormulaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "grant", "pot"]
    search_fields = ["name"]
    list_select_related = ["grant"]
    inlines = [FormulaComponentInline]


class FormulaWeightInline(ChildRows):
    model = FormulaWeight


@admin.register(FormulaComponent)
class FormulaComponentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "formula", "basis", "amount", "order"]
    list_filter = ["basis", "formula"]
    search_fields = ["name"]
    list_select_related = ["formula"]
    inlines = [FormulaWeightInline]


@admin.register(FormulaWeight)
class FormulaWeightAdmin(SimpleHistoryAdmin):
    list_display = ["component", "partnership", "weight"]
    list_filter = ["component__formula", "component"]
    search_fields = ["partnership__name"]
    list_select_related = ["component", "component__formula", "partnership"]


@admin.register(SpendLine)
class SpendLineAdmin(ClosedQuarterAdmin, SimpleHistoryAdmin):
    list_display = ["allocation", "year", "quarter", "item", "amount", "amount_text", "entered_at"]
    list_filter = ["year", "quarter", "allocation__grant"]
    search_fields = ["allocation__label", "item", "commentary"]
    list_select_related = ["allocation", "allocation__grant"]
    readonly_fields = ["entered_by", "entered_at"]


@admin.register(AgreementResource)
class AgreementResourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agreement_code", "block", "kind", "start_year", "end_year", "amount", "approximate"]
    list_filter = ["kind", "agreement_code"]
    search_fields = ["title", "notes"]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = ["contributor", "grant", "funder", "amount", "approximate", "share_text"]
    list_filter = ["grant__arrangement", "funder"]
    search_fields = ["contributor", "grant__title"]
    list_select_related = ["grant", "funder"]
