"""Quarterly returns: the reporting quarters administrators open and close, and each area's return."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.constraints import quarter_1_to_4
from core.fields import FinancialYearField, quarter_field, user_stamp
from core.naturalkeys import KeyedRecord, NaturalKeyManager
from core.periods import FinancialYear, Quarter, quarter_slug
from partnerships.models import Area


def quarter_closed_message(period: Quarter) -> str:
    """The one sentence every write path (return, admin, import, spend) gives for a closed quarter."""
    return f"{period.label} is closed, so nothing in it can change."


class ReportingQuarterQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_open=True)

    def closed_periods(self) -> set[tuple[FinancialYear, int]]:
        """``{(year, quarter)}`` of every closed quarter (one query).

        A quarter is closed only once an administrator has opened and closed it:
        periods with no reporting quarter (the documents' history) stay writable
        by administrators and imports.
        """
        return {(q.year, q.quarter) for q in self.filter(is_open=False).only("year", "quarter")}

    def is_closed(self, year: FinancialYear, quarter: int) -> bool:
        """Whether that period is a closed reporting quarter (one query)."""
        return self.filter(year=year, quarter=quarter, is_open=False).exists()


class ReportingQuarter(KeyedRecord):
    """A quarter that administrators open for returns and close when the figures are final."""

    year = FinancialYearField()
    quarter = quarter_field()
    is_open = models.BooleanField(
        default=False,
        help_text="Open: CSP managers may enter and submit figures. Closed: nothing in the quarter changes.",
    )
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    NATURAL_KEY = ("year", "quarter")
    objects = NaturalKeyManager.from_queryset(ReportingQuarterQuerySet)()
    history = HistoricalRecords(table_name="indicators_historicalreportingquarter")

    class Meta:
        db_table = "indicators_reportingquarter"  # made in indicators before the returns app; no data moved
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="reporting_quarter_unique"),
            quarter_1_to_4("reporting_quarter_quarter_1_to_4"),
        ]

    def __str__(self):
        return f"{self.period.label} ({'open' if self.is_open else 'closed'})"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def slug(self) -> str:
        """``2010-11-q3``: the quarter as it appears in return URLs."""
        return quarter_slug(self.period)


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned to the manager"


class Return(models.Model):
    """One area's quarterly return: its figures (Measurements), commentary and milestone updates.

    ``version`` goes up by one on every save, so a save made from a page opened
    before someone else's save is refused (optimistic concurrency).
    """

    reporting_quarter = models.ForeignKey(ReportingQuarter, on_delete=models.PROTECT, related_name="returns")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT)
    version = models.PositiveIntegerField(default=0, help_text="Goes up by one on every save.")
    returned_reason = models.TextField(blank=True, help_text="Why the Board returned it to the manager.")
    submitted_by = user_stamp()
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = user_stamp("The board officer who approved or returned it.")
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_by = user_stamp()
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(table_name="indicators_historicalreturn")

    class Meta:
        db_table = "indicators_return"  # made in indicators before the returns app; no data moved
        ordering = ["reporting_quarter", "area"]
        constraints = [
            models.UniqueConstraint(fields=["reporting_quarter", "area"], name="return_unique_per_area_quarter"),
            models.CheckConstraint(
                condition=~Q(status=ReturnStatus.RETURNED) | ~Q(returned_reason=""),
                name="return_returned_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.reporting_quarter.period.label} return ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("returns:detail", args=[self.reporting_quarter.slug, self.area.slug])
