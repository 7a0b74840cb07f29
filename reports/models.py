"""Published Board reports: the files the Board was given and the figures they were built from, frozen.

A ``PublishedReport`` is one version of the report for an area, agreement and quarter (1, 2, …); its
``PublishedFile`` rows hold every format's bytes in PostgreSQL, so every web process serves the same
file and a later change to a figure or a commentary changes nothing here. Neither has an update path:
``save`` of a stored row and ``QuerySet.update`` refuse, and the admin shows them read only. Rows are
made only by ``reports.publishing.publish``, all formats in one transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.constraints import unique_stated_or_not
from core.fields import FinancialYearField
from core.periods import QUARTER_CHOICES, Quarter
from indicators.models import Agreement, Outcome
from partnerships.models import Area
from reports.formats import FORMATS


class Frozen(Exception):
    """A published report or file was about to change: published reports never do."""


class FrozenQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Frozen("A published report never changes: publish a new version instead.")


class FrozenModel(models.Model):
    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Frozen("A published report never changes: publish a new version instead.")
        super().save(*args, **kwargs)


class PublishedReport(FrozenModel):
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="published_reports")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="published_reports")
    year = FinancialYearField()
    quarter = models.PositiveSmallIntegerField(choices=QUARTER_CHOICES)
    version = models.PositiveIntegerField(help_text="1 for the first publication of this area, agreement and quarter.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField()
    snapshot = models.JSONField(help_text="The report's figures and words as published (BoardReport.snapshot()).")
    build_seconds = models.FloatField(help_text="How long building the report and every format took.")

    class Meta:
        ordering = ["area", "agreement", "-year", "-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "agreement", "year", "quarter", "version"], name="published_report_version_unique"
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="published_report_quarter_1_to_4"),
            models.CheckConstraint(condition=Q(version__gte=1), name="published_report_version_from_1"),
        ]

    def __str__(self):
        return f"{self.area} {self.agreement.code} {self.period.label}, version {self.version}"

    @property
    def publisher(self) -> str:
        user = self.published_by
        return "a user since removed" if user is None else (user.get_full_name() or user.get_username())

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    def get_absolute_url(self):
        return reverse("reports:published", args=[self.pk])


FORMAT_CHOICES = [(key, fmt.label) for key, fmt in FORMATS.items()]


class PublishedFile(FrozenModel):
    published = models.ForeignKey(PublishedReport, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=10, choices=FORMAT_CHOICES)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(help_text="Bytes.")

    class Meta:
        ordering = ["published_id", "format"]  # by id: ordering by "published" would join its table
        constraints = [models.UniqueConstraint(fields=["published", "format"], name="published_file_format_unique")]

    def __str__(self):
        return f"{self.published} ({self.get_format_display()})"

    @property
    def kind(self):
        return FORMATS[self.format]

    def get_absolute_url(self):
        return reverse("reports:published_file", args=[self.published_id, self.format])


class BuiltReportFile(models.Model):
    """A slow format of the report as it stood at one data version, built by a background job
    (``reports.building``): served again, without building, until a figure changes. One row per report and
    format: a rebuild after a change replaces it. Nothing here is a record: publishing is (``PublishedReport``)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    year = FinancialYearField()
    quarter = models.PositiveSmallIntegerField(choices=QUARTER_CHOICES)
    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, null=True, blank=True, related_name="+", help_text="Empty: every outcome."
    )
    format = models.CharField(max_length=10, choices=FORMAT_CHOICES)
    data_version = models.CharField(max_length=100, help_text="pagecache.versions.current() when the build began.")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    built_at = models.DateTimeField()

    class Meta:
        ordering = ["-built_at"]
        # One file per report and format: per outcome, and one for every outcome (no outcome).
        constraints = unique_stated_or_not(
            "outcome",
            ["area", "agreement", "year", "quarter", "outcome", "format"],
            name="built_report_file_per_outcome",
            name_without="built_report_file_every_outcome",
        )

    def __str__(self):
        return self.filename

    @property
    def kind(self):
        return FORMATS[self.format]

    def get_absolute_url(self):
        return reverse("reports:built_file", args=[self.pk])
