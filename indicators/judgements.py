"""Delivery judgements, reported summaries and commentary on indicators (imported by ``indicators.models``).

- A **delivery judgement** says whether the arrangements to hit an indicator's
  target are in place, for an area and quarter: Green, Amber or Red, with a
  reason (seed 003's "delivery" status). It stands beside the milestone-based
  delivery of action plans, not instead of it.
- A **reported summary** is one row of a published report's count table
  (seed 003 paragraph 15: all indicators or reward indicators, outcomes or
  delivery), kept as the report wrote it, with its source.
- **Commentary** is what a document said about an indicator in a quarter: a
  review's finding, the narrative on a Red or Amber target.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from simple_history.models import HistoricalRecords

from core.constraints import quarter_1_to_4
from core.fields import SOURCE_HELP, FinancialYearField, quarter_field, source_field, user_stamp
from core.naturalkeys import KeyedRecord, NaturalKeyManager
from core.periods import Quarter
from core.text import COMMENTARY_MAX_LENGTH
from indicators.delivery import DELIVERY_STATUSES, judgement_errors


class DeliveryRag(models.TextChoices):
    GREEN = "green", "Green – arrangements in place"
    AMBER = "amber", "Amber – arrangements at risk"
    RED = "red", "Red – arrangements not in place"


assert tuple(DeliveryRag.values) == DELIVERY_STATUSES  # the pure rule and the choices name the same statuses


class DeliveryJudgementQuerySet(models.QuerySet):
    def in_quarter(self, quarter: Quarter):
        return self.filter(year=quarter.year, quarter=quarter.number)


class DeliveryJudgement(KeyedRecord):
    """Are the arrangements to hit the indicator's target in place, for an area at the end of a quarter."""

    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="delivery_judgements")
    area = models.ForeignKey("partnerships.Area", on_delete=models.PROTECT, related_name="delivery_judgements")
    year = FinancialYearField()
    quarter = quarter_field()
    status = models.CharField(max_length=10, choices=DeliveryRag.choices)
    reason = models.TextField(
        help_text="Why: what is in place, or what is at risk and what is being done.",
    )
    entered_by = user_stamp()
    entered_at = models.DateTimeField(auto_now=True, null=True)
    source = source_field(f"{SOURCE_HELP} Blank when entered here by the indicator's co-ordinator.")

    NATURAL_KEY = ("indicator__code", "area__name", "year", "quarter")
    NATURAL_KEY_DEPENDENCIES = ("indicators.indicator", "partnerships.area")
    objects = NaturalKeyManager.from_queryset(DeliveryJudgementQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "area", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year", "quarter"], name="delivery_judgement_unique_per_quarter"
            ),
            quarter_1_to_4("delivery_judgement_quarter"),
            models.CheckConstraint(condition=Q(status__in=DELIVERY_STATUSES), name="delivery_judgement_status"),
            models.CheckConstraint(condition=~Q(reason=""), name="delivery_judgement_has_reason"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("reason"), COMMENTARY_MAX_LENGTH),
                name="delivery_judgement_reason_max_length",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.area} {Quarter(self.year, self.quarter).label}: delivery {self.status}"

    def clean(self):
        super().clean()
        errors = judgement_errors(self.status, self.reason)
        if errors:
            raise ValidationError(errors)


class ReportedSummary(KeyedRecord):
    """One row of a published report's status counts, exactly as printed (never recomputed)."""

    class Scope(models.TextChoices):
        ALL = "all", "All indicators"
        REWARD = "reward", "Reward indicators"

    class Measure(models.TextChoices):
        OUTCOMES = "outcomes", "Outcomes (the figure against the target)"
        DELIVERY = "delivery", "Delivery (are the arrangements in place)"

    document = models.CharField(max_length=200, help_text="The report, e.g. 'Scrutiny Commission, 28 March 2007'.")
    area = models.ForeignKey("partnerships.Area", on_delete=models.PROTECT, related_name="reported_summaries")
    year = FinancialYearField()
    quarter = quarter_field()
    scope = models.CharField(max_length=10, choices=Scope.choices)
    measure = models.CharField(max_length=10, choices=Measure.choices)
    green = models.PositiveIntegerField()
    amber = models.PositiveIntegerField()
    red = models.PositiveIntegerField()
    not_available = models.PositiveIntegerField(
        null=True, blank=True, help_text="Blank when the report's row has no such column."
    )
    not_available_label = models.CharField(
        max_length=60,
        blank=True,
        help_text="The report's words for the last column: 'Not available', 'Not measurable yet'.",
    )
    targets_stated = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="How many targets the report says the row covers, where it says (003 paragraph 13: 18, 5 reward).",
    )
    notes = models.TextField(blank=True)
    source = source_field(required=True)

    NATURAL_KEY = ("document", "area__name", "year", "quarter", "scope", "measure")
    NATURAL_KEY_DEPENDENCIES = ("partnerships.area",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter", "document", "scope", "measure"]
        verbose_name_plural = "reported summaries"
        constraints = [
            models.UniqueConstraint(
                fields=["document", "area", "year", "quarter", "scope", "measure"], name="reported_summary_unique"
            ),
            quarter_1_to_4("reported_summary_quarter"),
            models.CheckConstraint(condition=~Q(source=""), name="reported_summary_has_source"),
            models.CheckConstraint(
                condition=Q(not_available__isnull=True) | ~Q(not_available_label=""),
                name="reported_summary_not_available_named",
            ),
        ]

    def __str__(self):
        return f"{self.document}: {self.get_scope_display()}, {self.measure} ({Quarter(self.year, self.quarter).label})"

    @property
    def counts(self) -> dict[str, int | None]:
        """The row as printed: Green, Amber, Red and, where the report has it, its last column."""
        counts = {"Green": self.green, "Amber": self.amber, "Red": self.red}
        if self.not_available is not None:
            counts[self.not_available_label] = self.not_available
        return counts

    @property
    def total(self) -> int:
        return sum(count or 0 for count in self.counts.values())

    @property
    def disagrees_with_stated(self) -> bool:
        """The row's counts do not add up to the number of targets the report states."""
        return self.targets_stated is not None and self.total != self.targets_stated


class IndicatorCommentary(KeyedRecord):
    """What a document (or a co-ordinator) said about an indicator in a quarter: why, and what is being done."""

    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="commentaries")
    area = models.ForeignKey("partnerships.Area", on_delete=models.PROTECT, related_name="indicator_commentaries")
    year = FinancialYearField()
    quarter = quarter_field()
    heading = models.CharField(max_length=120, help_text="The report's heading, e.g. 'Targets on Amber'.")
    text = models.TextField(help_text="As written (a quotation), or a summary that says it is one.")
    source = source_field(required=True)

    NATURAL_KEY = ("indicator__code", "area__name", "year", "quarter", "heading")
    NATURAL_KEY_DEPENDENCIES = ("indicators.indicator", "partnerships.area")
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "quarter", "heading"]
        verbose_name_plural = "indicator commentaries"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year", "quarter", "heading"], name="indicator_commentary_unique"
            ),
            quarter_1_to_4("indicator_commentary_quarter"),
            models.CheckConstraint(condition=~Q(text=""), name="indicator_commentary_has_text"),
            models.CheckConstraint(condition=~Q(source=""), name="indicator_commentary_has_source"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {Quarter(self.year, self.quarter).label}: {self.heading}"
