"""Figures about an area that are not indicators with targets, and the lists documents give for a body or an area.

A fact is a statistic as a document states it ("crime ... reduced by 11%", "Category 1 ... 611"): the
figure as written beside its number, the period as written, and the source. Parts of a stated total point
at it, so a total the lines do not make is flagged (core.totals) rather than silently trusted.
A listed item is one entry of a list a document gives (priorities, aims, duties, comments on targets).
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from core.fields import optional_key, source_field
from core.naturalkeys import KeyedRecord
from core.totals import TotalCheck, check_total


class AreaFact(KeyedRecord):
    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENT = "percent", "Percentage"
        YEARS = "years", "Years"
        FTE = "fte", "Full-time equivalent staff"
        RANK = "rank", "Rank"
        POUNDS = "pounds", "Pounds"  # money about an area that is not a grant: a budget's size, savings made

    areas = models.ManyToManyField(
        "partnerships.Area",
        related_name="facts",
        blank=True,
        help_text="The areas the figure describes (shown on their pages).",
    )
    partnership = optional_key(
        "partnerships.Partnership",
        on_delete=models.SET_NULL,
        related_name="facts",
        help_text="The partnership the document reports it for, if any (shown on its page).",
    )
    agency = optional_key(
        "partnerships.Agency",
        on_delete=models.SET_NULL,
        related_name="facts",
        help_text="The agency the document reports it for, if any (shown on its page).",
    )
    topic = models.CharField(max_length=200, help_text="The heading it stands under, e.g. 'MAPPA offender population'.")
    label = models.CharField(max_length=300, help_text="What the figure is, in the document's words.")
    period = models.CharField(max_length=80, blank=True, help_text="As written, e.g. '2010-11' or 'since 2004'.")
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    value_text = models.CharField("figure as written", max_length=120)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    part_of = optional_key(
        "self",
        on_delete=models.PROTECT,  # a breakdown without its total would lose its check
        related_name="parts",
        help_text="The stated total this figure is one line of.",
    )
    breakdown = models.CharField(
        max_length=80, blank=True, help_text="Which split of the total this line belongs to, e.g. 'by category'."
    )
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True, help_text="Context or a flag where the document disagrees with itself.")
    source = source_field(required=True)

    NATURAL_KEY = ("topic", "label", "period")

    class Meta:
        ordering = ["topic", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "label", "period"], name="area_fact_unique"),
            models.CheckConstraint(condition=~Q(value_text=""), name="area_fact_has_figure_as_written"),
            models.CheckConstraint(condition=~Q(source=""), name="area_fact_has_source"),
            models.CheckConstraint(
                condition=Q(part_of__isnull=False) | Q(breakdown=""),
                name="area_fact_breakdown_needs_total",
                violation_error_message="A breakdown names a split of a total: choose the total it is part of.",
            ),
        ]

    def __str__(self):
        period = f" ({self.period})" if self.period else ""
        return f"{self.topic}: {self.label}{period} = {self.value_text}"


def fact_total_checks(total: AreaFact, parts: list[AreaFact]) -> list[TotalCheck]:
    """One check per breakdown of a stated total: does each split add up to what the document says?"""
    splits: dict[str, list[Decimal | None]] = {}
    for part in parts:
        splits.setdefault(part.breakdown, []).append(part.value)
    return [
        check_total(total.label, breakdown or "lines", total.value, values, total.source)
        for breakdown, values in sorted(splits.items())
        if total.value is not None
    ]


class ListedItem(KeyedRecord):
    """One entry of a list a document gives for a partnership, an agency or an area."""

    partnership = optional_key("partnerships.Partnership", on_delete=models.CASCADE, related_name="listed_items")
    agency = optional_key("partnerships.Agency", on_delete=models.CASCADE, related_name="listed_items")
    area = optional_key("partnerships.Area", on_delete=models.CASCADE, related_name="listed_items")
    list_title = models.CharField(max_length=250, help_text="The list's heading, as the document gives it.")
    period = models.CharField(max_length=80, blank=True, help_text="As written, e.g. '2012/13' or 'to 2013'.")
    number = models.PositiveSmallIntegerField(help_text="Order within the list.")
    label = models.CharField(max_length=200, blank=True, help_text="A row heading, where the list has one.")
    text = models.TextField()
    flag = models.TextField(blank=True, help_text="Where the document disagrees with itself, say how.")
    source = source_field(required=True)

    NATURAL_KEY = ("list_title", "number")

    class Meta:
        ordering = ["list_title", "number"]
        constraints = [
            models.UniqueConstraint(fields=["list_title", "number"], name="listed_item_unique"),
            models.CheckConstraint(
                condition=(
                    Q(partnership__isnull=False, agency__isnull=True, area__isnull=True)
                    | Q(partnership__isnull=True, agency__isnull=False, area__isnull=True)
                    | Q(partnership__isnull=True, agency__isnull=True, area__isnull=False)
                ),
                name="listed_item_has_one_owner",
                violation_error_message="A listed item belongs to exactly one partnership, agency or area.",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="listed_item_has_source"),
        ]

    def __str__(self):
        return f"{self.list_title} {self.number}: {self.text[:80]}"
