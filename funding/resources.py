"""Bulk import and export of allocations: the same rules as ``indicators.resources``.

Columns name the grant by its title and the partnership and priority by their
names; ``parent`` is the label of another line of the same grant, so a parent
line must come before its breakdown in a new file (or already exist).
"""

from import_export.fields import Field

from funding.models import Allocation, Grant
from indicators.resources import (
    ChoiceWidget,
    NaturalKeyResource,
    NaturalKeyWidget,
    WholeNumberWidget,
    natural_key,
    number,
    text,
    unescape_formula,
)
from partnerships.models import Partnership, PriorityTheme


class ParentAllocationWidget(NaturalKeyWidget):
    """The parent line, by its label within the row's own grant (labels repeat across grants)."""

    def __init__(self):
        # Not cached: a parent may be created earlier in the same file.
        super().__init__(Allocation, "label", cache=False)

    def extra_lookup(self, row) -> dict:
        grant = (row or {}).get("grant")
        return {"grant__title": unescape_formula(str(grant).strip())} if grant else {}

    def not_found_message(self, text, row) -> str:
        return f"There is no line labelled {text!r} in this grant: put the parent line first"


class AllocationResource(NaturalKeyResource):
    grant = natural_key("grant", Grant, "title")
    label = text("label")
    category = Field(attribute="category", column_name="category", widget=ChoiceWidget(Allocation.Category.choices))
    partnership = natural_key("partnership", Partnership, "name")
    heading = text("heading")
    parent = Field(attribute="parent", column_name="parent", widget=ParentAllocationWidget())
    priority = natural_key("priority", PriorityTheme, "name")
    itemised = text("itemised")
    amount = number("amount")
    amount_note = text("amount_note")
    order = Field(attribute="order", column_name="order", widget=WholeNumberWidget(), default=0)
    source = text("source")

    class Meta:
        model = Allocation
        name = "Allocations (grant title, label)"
        fields = (
            "grant",
            "label",
            "category",
            "partnership",
            "heading",
            "parent",
            "priority",
            "itemised",
            "amount",
            "amount_note",
            "order",
            "source",
        )
        import_id_fields = ("grant", "label")

    def get_queryset(self):
        return Allocation.objects.select_related("grant", "partnership", "parent", "priority")
