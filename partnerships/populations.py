"""Populations per area and year: the denominators of rates per 1,000, each with its kind and source.

A population is a census count, a published mid-year estimate, or a figure *implied* by a document that
gives both a count and a rate (count ÷ rate × 1,000). An implied figure is never presented as a census: it
carries the rounding of the rate it came from (a rate to two decimals moves it by up to about 0.1%).
Imported at the bottom of ``partnerships.models`` so Django finds the model in the partnerships app.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.fields import FinancialYearField, source_field
from core.naturalkeys import KeyedRecord, NaturalKeyManager

SOURCE_HELP = "Document and table the figure comes from, e.g. 'ONS mid-2009 population estimates, table 2'."


class PopulationQuerySet(models.QuerySet):
    def best_for(self, area_ids, year_start: int) -> dict:
        """Per area, the population to use for a financial year: the latest year not after it, preferring a
        published estimate, then a census, then an implied figure in the same year. Evaluates one query."""
        by_area = {}
        for row in self.filter(area_id__in=area_ids, year__lte=year_start):
            by_area.setdefault(row.area_id, []).append(row)
        return {area_id: best_population(rows, year_start) for area_id, rows in by_area.items()}


def best_population(rows, year_start: int):
    """Of one area's populations, the one for a financial year: the latest year not after it, then the preferred
    kind (a published estimate, a census, an implied figure). None if every figure is later. No query."""
    usable = [row for row in rows if row.year.start_year <= year_start]
    return max(usable, key=lambda row: (row.year.start_year, -row.kind_rank), default=None)


class Population(KeyedRecord):
    class Kind(models.TextChoices):
        MID_YEAR_ESTIMATE = "mid_year_estimate", "Published mid-year estimate"
        CENSUS = "census", "Census"
        IMPLIED = "implied", "Implied by a count and a rate"

    area = models.ForeignKey("partnerships.Area", on_delete=models.PROTECT, related_name="populations")
    year = FinancialYearField(help_text="The financial year the figure is used for, e.g. 2009/10.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.PositiveIntegerField(help_text="Whole people.")
    period_text = models.CharField(
        max_length=120, blank=True, help_text="As published, e.g. 'mid-2009', '2011 Census'."
    )
    derivation = models.CharField(
        max_length=200, blank=True, help_text="For an implied figure, the arithmetic: '3427 ÷ 5.40 × 1,000'."
    )
    source = source_field(SOURCE_HELP, required=True)

    NATURAL_KEY = ("area__name", "year", "kind")
    NATURAL_KEY_DEPENDENCIES = ("partnerships.area",)
    objects = NaturalKeyManager.from_queryset(PopulationQuerySet)()
    history = HistoricalRecords()  # who loaded or changed a denominator, and from what

    class Meta:
        ordering = ["area__name", "year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "kind"], name="population_unique_per_area_year_kind"),
            models.CheckConstraint(condition=Q(value__gt=0), name="population_positive"),
            models.CheckConstraint(condition=~Q(source=""), name="population_has_source"),
            models.CheckConstraint(
                condition=~Q(kind="implied") | ~Q(derivation=""), name="population_implied_shows_derivation"
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.year}: {self.value:,} ({self.get_kind_display()})"

    @property
    def kind_rank(self) -> int:
        """Lower is preferred: a published estimate over a census over an implied figure."""
        return [self.Kind.MID_YEAR_ESTIMATE, self.Kind.CENSUS, self.Kind.IMPLIED].index(self.kind)
