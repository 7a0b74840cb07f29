"""Bulk import and export of allocations: the shared rules of ``core.imports``.

Columns name the grant by its title and the partnership and priority by their
names; ``parent`` is the label of another line of the same grant, so a parent
line must come before its breakdown in a new file (or already exist).
"""

from import_export.fields import Field

from core.exports import unescape_formula
from core.imports.resources import NaturalKeyResource
from core.imports.widgets import ChoiceWidget, NaturalKeyWidget, WholeNumberWidget, natural_key, number, text
from funding.models import Allocation, Grant
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
    constraint_messages = {
        "allocation_unique_label": "There is already an allocation with this label in this grant",
        "allocation_amount_not_negative": "The amount cannot be negative",
        "allocation_partnership_category_names_partnership": (
            "An allocation in the partnership category needs a partnership"
        ),
        "allocation_not_own_parent": "An allocation cannot be its own parent",
    }
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
