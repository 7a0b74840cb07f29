"""Agreements, outcomes, indicators, baselines, targets and quarterly measurements."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.constraints import not_negative, quarter_1_to_4, unique_stated_or_not, years_in_order
from core.fields import FinancialYearField, optional_decimal, optional_key, quarter_field, source_field, user_stamp
from core.naturalkeys import KeyedRecord, NaturalKeyManager, Slugged
from core.periods import Quarter
from core.text import COMMENTARY_MAX_LENGTH
from indicators.targets import ChangeUnit, DerivationRule, Rounding, derive_target, differs
from partnerships.models import Area, Partnership, PriorityTheme


class Agreement(KeyedRecord):
    """A performance agreement: LAA 2006–09, LAA2 2008–11, Local PSA 2003–06, local indicators."""

    code = models.CharField(max_length=40, unique=True, help_text="e.g. 'LAA2 2008-11'.")
    name = models.CharField(max_length=200)
    start_year = FinancialYearField()
    end_year = FinancialYearField()
    description = models.TextField(blank=True)
    source = source_field()

    NATURAL_KEY = ("code",)

    class Meta:
        ordering = ["start_year", "code"]
        constraints = [years_in_order("agreement_years_ordered")]

    def __str__(self):
        return self.name


class Outcome(KeyedRecord):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(max_length=20, help_text="e.g. '3.1' (LAA2) or '1' (LAA 2006–09).")
    title = models.CharField(max_length=300)
    lead = models.CharField(max_length=200, blank=True, help_text="Outcome lead as written.")
    source = source_field()

    NATURAL_KEY = ("agreement__code", "code")
    NATURAL_KEY_DEPENDENCIES = ("indicators.agreement",)

    class Meta:
        ordering = ["agreement", "code"]
        constraints = [models.UniqueConstraint(fields=["agreement", "code"], name="outcome_unique")]

    def __str__(self):
        return f"{self.agreement.code} {self.code} {self.title}"


class Unit(models.TextChoices):
    RATE_PER_1000 = "rate_per_1000", "Rate per 1,000 population"
    PERCENTAGE = "percentage", "Percentage"
    COUNT = "count", "Count"
    OFFENCES_PER_OFFENDER = "offences_per_offender", "Offences per offender"
    PERCENT_DIFFERENCE = "percent_difference", "Percentage difference from predicted"
    MILESTONE = "milestone", "Milestone (not numeric)"


class Polarity(models.TextChoices):
    LOWER_IS_BETTER = "lower", "Lower is better"
    HIGHER_IS_BETTER = "higher", "Higher is better"


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"
    BIENNIAL = "biennial", "Biennial survey"
    ONE_OFF = "one_off", "One-off"


class ToleranceKind(models.TextChoices):
    RELATIVE = "relative", "Relative (% of target)"
    ABSOLUTE = "absolute", "Absolute (units of the indicator, e.g. percentage points)"


class RewardStatus(models.TextChoices):
    NONE = "", "Not a reward target"
    REWARD = "reward", "Reward target"
    STRETCH = "stretch", "Stretch target"
    POTENTIAL = "potential", "Potential reward target"


def validate_survey_years(value):
    """A survey calendar is a list of financial years' start years (2008 for 2008/09)."""
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(y, int) and 1990 <= y <= 2100 for y in value):
        raise ValidationError("Survey years must be a list of years such as [2008, 2010].")


class IndicatorQuerySet(models.QuerySet):
    def active_in(self, year):
        """Indicators of agreements that run in financial ``year``."""
        return self.filter(agreement__start_year__lte=year, agreement__end_year__gte=year)

    def for_dashboard(self, year):
        """Indicators of agreements running in ``year``, and any with a target dated ``year``: a target set
        beyond its agreement's end (confidence "by 2012" under the 2008-11 agreement) is still rated."""
        in_agreement = Q(agreement__start_year__lte=year, agreement__end_year__gte=year)
        has_target = models.Exists(Target.objects.filter(indicator=models.OuterRef("pk"), year=year))
        return (
            self.filter(in_agreement | has_target)
            .select_related("agreement", "outcome")
            .order_by("agreement__start_year", "order", "code")
        )


class Indicator(Slugged, KeyedRecord):
    code = models.CharField(
        max_length=40,
        unique=True,
        help_text="As the documents write it: 'NI 20', 'LI 11 (NI 40)', '1.2'.",
    )
    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="indicators")
    outcome = optional_key(Outcome, on_delete=models.PROTECT, related_name="indicators")
    # An indicator can sit under more than one outcome (seed 000 section 5.2: NI 20 under LAA 3.1 and, "as
    # above", LAA 6.2). ``outcome`` stays the one it is listed under first, so every reader of it still works.
    further_outcomes = models.ManyToManyField(
        Outcome,
        related_name="further_indicators",
        blank=True,
        help_text="Other outcomes the indicator also sits under, besides its outcome above.",
    )
    unit = models.CharField(max_length=30, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    data_source = models.CharField(max_length=200, blank=True, help_text="e.g. Police recorded crime, Place Survey.")
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    reporting_lag_quarters = models.PositiveSmallIntegerField(
        default=0,
        help_text="Quarters after the period ends before a figure is due (re-offending: 1).",
    )
    survey_years = models.JSONField(
        null=True,
        blank=True,
        validators=[validate_survey_years],
        help_text="Survey indicators: the financial years (start year, e.g. [2008, 2010] for the 2008 and 2010 "
        "Place Surveys) a result is published for; a missing figure is Missing only in those years. "
        "Blank: a figure is expected every period of the indicator's frequency.",
    )
    is_cumulative = models.BooleanField(
        default=False,
        help_text="Counts that build up over the year (compared with the share of the annual target due so far).",
    )
    decimal_places = models.PositiveSmallIntegerField(default=0)
    amber_tolerance = models.DecimalField(
        max_digits=8,
        decimal_places=3,
        default=5,
        help_text="How far worse than target still counts as Amber.",
    )
    tolerance_kind = models.CharField(max_length=10, choices=ToleranceKind.choices, default=ToleranceKind.RELATIVE)
    quarterly_profile = models.JSONField(
        null=True,
        blank=True,
        help_text="Cumulative share of the annual target due by Q1–Q4, e.g. [0.2, 0.45, 0.7, 1]. Blank: even.",
    )
    coordinator = models.CharField("performance co-ordinator", max_length=200, blank=True)
    lead_partnerships = models.ManyToManyField(Partnership, related_name="led_indicators", blank=True)
    lead_text = models.CharField(max_length=400, blank=True, help_text="Lead and delivery partners as written.")
    reward_status = models.CharField(max_length=10, choices=RewardStatus.choices, blank=True, default="")
    reward_text = models.CharField(max_length=200, blank=True, help_text="Reward/stretch column as written.")
    reward_label = models.CharField(
        max_length=60,
        blank=True,
        help_text='Where a list of reward targets names it, e.g. "003 paragraph 13 (b)".',
    )
    themes = models.ManyToManyField(PriorityTheme, related_name="indicators", blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    notes = models.TextField(blank=True)
    source = source_field()

    NATURAL_KEY = ("code",)
    objects = NaturalKeyManager.from_queryset(IndicatorQuerySet)()
    history = HistoricalRecords(excluded_fields=["lead_partnerships", "themes", "further_outcomes"])

    class Meta:
        ordering = ["agreement", "order", "code"]
        constraints = [
            not_negative("amber_tolerance", "indicator_tolerance_not_negative"),
            models.CheckConstraint(condition=Q(decimal_places__lte=4), name="indicator_decimal_places_max_4"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("indicators:detail", args=[self.slug])

    def slug_text(self) -> str:
        return self.code.replace(".", "-")

    @property
    def all_outcomes(self) -> list[Outcome]:
        """Its outcome, then the further ones (prefetch ``further_outcomes`` to avoid a query)."""
        first = [self.outcome] if self.outcome_id else []
        return first + [o for o in self.further_outcomes.all() if o.pk != self.outcome_id]


class PeriodMixin(models.Model):
    """A financial year, optionally narrowed to a quarter, plus the period as the document wrote it."""

    year = FinancialYearField(null=True, blank=True)
    quarter = quarter_field(optional=True)
    period_text = models.CharField(
        max_length=120,
        blank=True,
        help_text="The period as written, e.g. '2008 Place Survey', '2007/08'.",
    )

    class Meta:
        abstract = True

    @property
    def period_label(self):
        if self.year is None:
            return self.period_text or "period not stated"
        if self.quarter:
            return Quarter(self.year, self.quarter).label
        return self.year.label


class FigureQuerySet(models.QuerySet):
    """Baselines and targets: the indicator's own measure, for an area."""

    def primary(self):
        """The measure itself, not a supporting figure (the count behind a rate)."""
        return self.filter(is_indicative=False)

    def for_area(self, area):
        return self.filter(area=area)


class AreaFigure(KeyedRecord):
    """A baseline or a target: a figure an indicator's results are judged against, for one area.

    Fixtures name one by its indicator, area and year, and whether it is the measure itself or a supporting figure.
    """

    NATURAL_KEY = ("indicator__code", "area__name", "year", "is_indicative")
    NATURAL_KEY_DEPENDENCIES = ("indicators.indicator", "partnerships.area")
    objects = NaturalKeyManager.from_queryset(FigureQuerySet)()

    class Meta:
        abstract = True
        ordering = ["indicator", "area", "year"]


class Baseline(AreaFigure, PeriodMixin):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="baselines")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="baselines")
    value = optional_decimal()
    value_text = models.CharField(max_length=300, blank=True, help_text="The baseline as written.")
    is_indicative = models.BooleanField(
        default=False,
        help_text="A supporting figure (e.g. the count behind a rate), not the measure itself.",
    )
    is_rebased = models.BooleanField(default=False, help_text="A later baseline that replaced the original.")
    source = source_field()

    history = HistoricalRecords()

    class Meta(AreaFigure.Meta):
        constraints = [
            *unique_stated_or_not(
                "year",
                ["indicator", "area", "year", "is_indicative"],
                name="baseline_unique_per_year",
                name_without="baseline_unique_without_year",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(value_text=""),
                name="baseline_has_value_or_text",
            ),
        ]

    def __str__(self):
        shown = self.value if self.value is not None else self.value_text
        return f"{self.indicator.code} {self.area} baseline {shown} ({self.period_label})"


class TargetQuerySet(FigureQuerySet):
    def flagged(self):
        """Targets whose stated value disagrees with the value derived from their rule."""
        return self.filter(has_derivation_flag=True)


class Target(AreaFigure):
    """A target for an area and financial year: the rule as written, the stated value, the derived value."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="targets")
    year = FinancialYearField()
    period_text = models.CharField(max_length=120, blank=True, help_text="e.g. '2010 Place Survey', 'by March 2009'.")
    rule_text = models.TextField(blank=True, help_text="The target exactly as the document writes it.")
    value = optional_decimal(
        "stated value", help_text="The number the document states. Blank when it states only words."
    )
    is_indicative = models.BooleanField(
        default=False,
        help_text="A supporting figure (e.g. the indicative number of crimes behind a rate target).",
    )
    rule_base = optional_decimal(help_text="The figure the rule starts from.")
    rule_change_percent = optional_decimal(
        digits=7,
        places=3,
        help_text="Signed change the rule applies: -3 for a 3% reduction (or 3 points, see the unit).",
    )
    rule_change_unit = models.CharField(
        max_length=10,
        choices=ChangeUnit.choices(),
        default=ChangeUnit.PERCENT.value,
        blank=True,  # blank reads as percent, as every rule did before points were modelled
        help_text="Whether the change is a percent of the base or percentage points ('15% increase from 43% to 58%').",
    )
    rule_rounding = models.CharField(max_length=10, choices=Rounding.choices(), blank=True)
    rule_decimal_places = models.PositiveSmallIntegerField(null=True, blank=True)
    derived_value = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
        help_text="Computed from the rule; never typed.",
    )
    has_derivation_flag = models.BooleanField(default=False, editable=False)
    is_data_only = models.BooleanField(
        default=False,
        help_text="No numeric target for this period ('No Required Target', 'To establish a baseline').",
    )
    notes = models.TextField(blank=True)
    source = source_field()

    objects = NaturalKeyManager.from_queryset(TargetQuerySet)()
    history = HistoricalRecords()

    class Meta(AreaFigure.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year", "is_indicative"], name="target_unique_per_year"
            ),
            models.CheckConstraint(
                condition=Q(rule_base__isnull=True, rule_change_percent__isnull=True)
                | Q(rule_base__isnull=False, rule_change_percent__isnull=False),
                name="target_rule_base_and_change_together",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(rule_text="") | Q(is_data_only=True),
                name="target_has_value_or_words",
            ),
            models.CheckConstraint(
                condition=Q(is_data_only=False) | Q(value__isnull=True),
                name="target_data_only_has_no_value",
            ),
            models.CheckConstraint(
                condition=Q(rule_change_unit__in=["", *ChangeUnit]), name="target_rule_change_unit_known"
            ),
        ]
        # "Which indicators have a target dated this year" (the dashboard's indicators, beyond those of the year's
        # agreements): without it each indicator's targets of every area and year are read (60 ms at ten times
        # national; the unique key leads with the area after the indicator).
        indexes = [models.Index(fields=["indicator", "year"], name="target_indicator_year_idx")]

    def __str__(self):
        shown = self.value if self.value is not None else (self.rule_text[:40] or "data only")
        return f"{self.indicator.code} {self.area} {self.year}: {shown}"

    @property
    def rule(self) -> DerivationRule | None:
        if self.rule_base is None or self.rule_change_percent is None:
            return None
        return DerivationRule(
            base=self.rule_base,
            change_percent=self.rule_change_percent,
            rounding=Rounding(self.rule_rounding or Rounding.NEAREST),
            decimal_places=(
                self.rule_decimal_places if self.rule_decimal_places is not None else self.indicator.decimal_places
            ),
            points=self.rule_change_unit == ChangeUnit.POINTS,
        )

    @property
    def effective_value(self):
        """The value the RAG engine compares with: the stated value, else the derived one."""
        return self.value if self.value is not None else self.derived_value

    def refresh_derivation(self):
        """Recompute the derived value and the disagreement flag from the rule.

        Reads ``indicator.decimal_places`` when the rule gives none: a query unless the indicator is loaded.
        """
        rule = self.rule
        self.derived_value = derive_target(rule) if rule else None
        self.has_derivation_flag = differs(self.value, self.derived_value)

    def save(self, *args, **kwargs):
        self.refresh_derivation()
        super().save(*args, **kwargs)


class MeasurementQuerySet(models.QuerySet):
    def in_year(self, year):
        return self.filter(year=year)

    def for_area(self, area):
        return self.filter(area=area)

    def in_quarter(self, quarter):
        """Figures of one quarter (a ``Quarter``)."""
        return self.filter(year=quarter.year, quarter=quarter.number)

    def published(self):
        """Figures the Board has accepted: transcribed from a document, or in an approved return."""
        return self.filter(Q(return_record__isnull=True) | Q(return_record__status="approved"))


class Measurement(KeyedRecord, PeriodMixin):
    """A reported figure for an indicator, area and period (a quarter, or the whole year)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="measurements")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="measurements")
    value = optional_decimal()
    numerator = optional_decimal()
    denominator = optional_decimal()
    commentary = models.TextField(blank=True)
    is_synthetic = models.BooleanField(
        default=False, help_text="Generated demonstration figure, not from any document or return."
    )
    entered_by = user_stamp()
    # When the row was last saved, by any path (forms, imports and the seed alike); null only for rows that
    # fixtures loaded raw. Who entered it, if anyone, is ``entered_by``.
    entered_at = models.DateTimeField(auto_now=True, null=True)
    source = source_field()
    return_record = models.ForeignKey(
        "returns.Return",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name="return",
        help_text="The quarterly return the figure was entered in; its status is the figure's status. "
        "Blank: transcribed from a document or imported.",
    )
    outlier_confirmed = models.BooleanField(
        default=False,
        help_text="The manager confirmed a figure far out of line with the area's history.",
    )

    NATURAL_KEY = ("indicator__code", "area__name", "year", "quarter")
    NATURAL_KEY_DEPENDENCIES = ("indicators.indicator", "partnerships.area")
    objects = NaturalKeyManager.from_queryset(MeasurementQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "area", "year", "quarter"]
        constraints = [
            # One figure per indicator, area and quarter; one whole-year figure per year.
            *unique_stated_or_not(
                "quarter",
                ["indicator", "area", "year", "quarter"],
                name="measurement_unique_per_quarter",
                name_without="measurement_unique_per_year",
            ),
            models.CheckConstraint(condition=Q(year__isnull=False), name="measurement_has_year"),
            quarter_1_to_4("measurement_quarter_1_to_4", optional=True),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="measurement_denominator_positive",
            ),
            not_negative("numerator", "measurement_numerator_not_negative", optional=True),
            # The return form's commentary limit (validation.COMMENTARY_MAX_LENGTH), for every write path.
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("commentary"), COMMENTARY_MAX_LENGTH),
                name="measurement_commentary_max_length",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "quarter"], name="measurement_period_idx"),
            # The latest quarter with figures for an area, at national scale.
            models.Index(fields=["area", "year", "quarter"], name="measurement_area_period_idx"),
            # One indicator's series in a set of areas, and EXISTS checks, whatever the quarter (the unique
            # indexes are partial, so the planner cannot use them without the quarter condition).
            models.Index(fields=["indicator", "area", "year", "quarter"], name="measurement_series_idx"),
            # The synthetic-figures banner asks on every page whether any exists.
            models.Index(fields=["is_synthetic"], condition=Q(is_synthetic=True), name="measurement_synthetic_idx"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.area} {self.period_label}: {self.value}"


# Delivery judgements, reported summaries, commentary and target parts live in their own modules (this one stays under 600 lines).
from indicators.judgements import DeliveryJudgement, IndicatorCommentary, ReportedSummary  # noqa: E402, F401
from indicators.parts import TargetPart  # noqa: E402, F401
