"""Funders, funding streams, grants, allocations, allocation formulas and spend."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.constraints import not_negative, quarter_1_to_4, years_in_order
from core.fields import FinancialYearField, optional_key, quarter_field, source_field, user_stamp
from core.naturalkeys import KeyedRecord, NamedRecord, NaturalKeyManager
from core.periods import FinancialYear
from funding.shares import part_line_problem, part_period_problem, years_between
from partnerships.models import Agency, Partnership, PriorityTheme

MONEY = {"max_digits": 12, "decimal_places": 2}


class Funder(NamedRecord):
    name = models.CharField(max_length=200, unique=True)
    agency = optional_key(Agency, on_delete=models.SET_NULL, related_name="funders")
    source = source_field()


class FundingStream(NamedRecord):
    class Kind(models.TextChoices):
        REVENUE = "revenue", "Revenue"
        CAPITAL = "capital", "Capital"
        REVENUE_AND_CAPITAL = "mixed", "Revenue and capital"
        NOT_STATED = "not_stated", "Not stated"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=20, blank=True, help_text="e.g. ABG, CSF, YJG, DIP.")
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="streams")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.TextField(blank=True)
    source = source_field()


def grant_covers(period, *, via: str = "") -> Q:
    """Rows whose grant's period overlaps ``period`` (a year or a quarter); ``via`` reaches the grant ("grant__").

    The one "a grant covers a period" rule; ``Grant.covers`` is the same test in Python.
    """
    return Q(**{f"{via}starts_on__lte": period.end, f"{via}ends_on__gte": period.start})


class GrantQuerySet(models.QuerySet):
    def in_financial_year(self, year: FinancialYear):
        """Grants whose period overlaps the financial year."""
        return self.filter(grant_covers(year))


class Grant(KeyedRecord):
    """Money from a stream for a period, e.g. 'ABG Safer Communities revenue 2010/11'.

    A grant may span several financial years (the Community Safety Fund's 18 months, October 2011 to March
    2013). Where a document states the part of it that falls in one year, that part is a grant of its own
    with ``part_of`` set, whose lines are the year's parts of the whole's lines with the same labels: the
    whole counts the money, once; the part says which year it falls in (``funding.shares``).
    """

    class Arrangement(models.TextChoices):
        GRANT = "", "Grant"
        POOLED = "pooled", "Pooled budget"
        ALIGNED = "aligned", "Aligned budget"

    title = models.CharField(max_length=200, unique=True)
    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, related_name="grants")
    recipient = optional_key(
        Partnership,
        on_delete=models.PROTECT,
        related_name="grants_received",
        help_text="The partnership that receives and distributes the grant.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    period_text = models.CharField(max_length=120, blank=True, help_text="As written, e.g. 'Oct 2011 to Mar 2013'.")
    amount = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        help_text="The grant as stated. Blank when the document does not state it.",
    )
    amount_approximate = models.BooleanField(
        default=False,
        help_text=(
            "The document gives the amount as approximate or rounded ('£3.3million'): a difference from its lines "
            "is then shown as a difference between two statements, never as money left to allocate."
        ),
    )
    amount_text = models.CharField(
        max_length=60, blank=True, help_text="The amount as written when it is not a plain figure ('£1.08 million')."
    )
    arrangement = models.CharField(
        max_length=10,
        choices=Arrangement.choices,
        default=Arrangement.GRANT,
        blank=True,
        help_text="A pooled budget (partners' money in one pot; its contributions say whose) or an aligned one.",
    )
    part_of = optional_key(
        "self",
        on_delete=models.PROTECT,
        related_name="parts",
        help_text=(
            "The part of a longer grant that falls in one financial year (CSF 2012/13 within the 18-month "
            "allocation). Its money is counted in the whole, once; its lines are the year's parts of the whole's "
            "lines with the same labels."
        ),
    )
    notes = models.TextField(blank=True)
    source = source_field()

    NATURAL_KEY = ("title",)
    objects = NaturalKeyManager.from_queryset(GrantQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="grant_ends_after_start"),
            not_negative("amount", "grant_amount_not_negative", optional=True),
            # Backs the year-part rule (``funding.shares.part_period_problem``) where the database can.
            models.CheckConstraint(condition=~Q(part_of=models.F("pk")), name="grant_not_part_of_itself"),
        ]

    def __str__(self):
        return self.title

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear.containing(self.starts_on)

    def covers(self, period) -> bool:
        """Whether the grant's period overlaps ``period`` (a year or a quarter), as ``grant_covers`` asks in SQL."""
        return self.starts_on <= period.end and period.start <= self.ends_on

    @property
    def years(self) -> tuple[FinancialYear, ...]:
        """The financial years the grant's period touches, in order."""
        return years_between(self.starts_on, self.ends_on)

    def clean(self):
        whole = self.part_of if self.part_of_id else None
        problem = part_period_problem(
            part=(self.starts_on, self.ends_on),
            whole=None if whole is None else (whole.starts_on, whole.ends_on),
            whole_is_a_part=bool(whole and whole.part_of_id),
            is_self=bool(whole and whole.pk == self.pk),
        )
        if problem:
            raise ValidationError({"part_of": problem})


class Allocation(KeyedRecord):
    """A share of a grant: to a partnership, a category (countywide, cross-partnership) or an activity."""

    class Category(models.TextChoices):
        PARTNERSHIP = "partnership", "Partnership"
        COUNTYWIDE = "countywide", "Countywide projects"
        CROSS_PARTNERSHIP = "cross_partnership", "Cross-partnership collaboration"
        ACTIVITY = "activity", "Activity"

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="allocations")
    label = models.CharField(max_length=200, help_text="The line as written, unique within the grant.")
    category = models.CharField(max_length=20, choices=Category.choices)
    partnership = optional_key(Partnership, on_delete=models.PROTECT, related_name="allocations")
    heading = models.CharField(max_length=200, blank=True, help_text="Group heading, e.g. 'Reducing re-offending'.")
    parent = optional_key(
        "self",
        on_delete=models.CASCADE,
        related_name="children",
        help_text="A line that breaks down a larger line (the seven CSP locality allocations).",
    )
    priority = optional_key(PriorityTheme, on_delete=models.SET_NULL, related_name="allocations")
    itemised = models.CharField(max_length=300, blank=True, help_text="Itemised costs as written, e.g. 'Staffing'.")
    amount = models.DecimalField(**MONEY, null=True, blank=True, help_text="As stated. Blank when not stated.")
    amount_note = models.CharField(max_length=120, blank=True, help_text="e.g. 'To be confirmed'.")
    order = models.PositiveSmallIntegerField(default=0)
    source = source_field()

    NATURAL_KEY = ("grant__title", "label")
    NATURAL_KEY_DEPENDENCIES = ("funding.grant",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["grant", "order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "label"], name="allocation_unique_label"),
            not_negative("amount", "allocation_amount_not_negative", optional=True),
            models.CheckConstraint(
                condition=~Q(category="partnership") | Q(partnership__isnull=False),
                name="allocation_partnership_category_names_partnership",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="allocation_not_own_parent"),
        ]

    def __str__(self):
        return f"{self.grant}: {self.label}"

    def clean(self):
        """A line of a year's part of a grant is the year's part of the whole's line with the same label."""
        grant = self.grant if self.grant_id else None
        if grant is None or not grant.part_of_id:
            return
        whole_line = Allocation.objects.filter(grant_id=grant.part_of_id, label=self.label).first()
        problem = part_line_problem(
            found=whole_line is not None,
            amount=self.amount,
            whole_amount=None if whole_line is None else whole_line.amount,
            whole_title=grant.part_of.title,
        )
        if problem:
            raise ValidationError({"label" if whole_line is None else "amount": problem})


class Contribution(KeyedRecord):
    """Money a funder puts into a grant or pooled budget (the Home Office's £621,000 in the DIP pool).

    Money in, not money out: a contribution is never an allocation. A contribution the document names without
    an amount keeps a blank amount; the grant less the stated contributions is then shown as theirs, derived
    when one contributor is left and not split between several (``funding.shares.share_out``).
    """

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="contributions")
    contributor = models.CharField(max_length=200, help_text="As written, e.g. 'Home Office DIP budget'.")
    funder = optional_key(Funder, on_delete=models.PROTECT, related_name="contributions")
    amount = models.DecimalField(**MONEY, null=True, blank=True, help_text="As stated. Blank when not stated.")
    approximate = models.BooleanField(default=False, help_text="The document gives the figure as approximate.")
    share_text = models.CharField(max_length=120, blank=True, help_text="Its share as written: '13 per cent'.")
    order = models.PositiveSmallIntegerField(default=0)
    source = source_field()

    NATURAL_KEY = ("grant__title", "contributor")
    NATURAL_KEY_DEPENDENCIES = ("funding.grant",)
    history = HistoricalRecords()  # money in a pool: every change keeps its author

    class Meta:
        ordering = ["grant", "order", "contributor"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "contributor"], name="contribution_unique_contributor"),
            not_negative("amount", "contribution_amount_not_negative", optional=True),
        ]

    def __str__(self):
        return f"{self.grant}: {self.contributor}"

    def clean(self):
        grant = self.grant if self.grant_id else None
        if grant is None or self.amount is None or grant.amount is None or grant.amount_approximate:
            return
        others = grant.contributions.exclude(pk=self.pk).exclude(amount__isnull=True)
        stated = sum((c.amount for c in others), self.amount)
        if stated > grant.amount:
            raise ValidationError(
                {
                    "amount": f"The stated contributions would come to £{stated:,}, more than the grant's £{grant.amount:,}"
                }
            )


class AgreementResource(KeyedRecord):
    """Money an agreement's block has or may earn, for the Board report's resources section (seed 003, 21).

    The reward at stake is not money received, so it is never in a grant total. ``agreement_code`` is the
    agreement's code on the indicators side ('LAA 2006-09'), kept as text because funding does not depend on
    indicators. A blank payment rule means the documents do not state one.
    """

    class Kind(models.TextChoices):
        REWARD_AT_STAKE = "reward_at_stake", "Reward at stake"
        REWARD_TARGET_FUNDING = "reward_target_funding", "Funding to achieve the reward targets"
        NON_REWARD_FUNDING = "non_reward_funding", "Funding for the non-reward targets"

    agreement_code = models.CharField(max_length=40, help_text="The agreement's code, e.g. 'LAA 2006-09'.")
    block = models.CharField(max_length=120, blank=True, help_text="e.g. 'Safer Communities'.")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    start_year = FinancialYearField()
    end_year = FinancialYearField()
    amount = models.DecimalField(**MONEY)
    amount_text = models.CharField(max_length=60, blank=True, help_text="As written, e.g. '£2.54m'.")
    approximate = models.BooleanField(default=False, help_text="The figure as written is rounded ('£2.54m').")
    provider = models.CharField(
        max_length=200, blank=True, help_text="Who provides it, as written; blank if not stated."
    )
    condition = models.TextField(blank=True, help_text="When it is paid, as written.")
    payment_rule = models.TextField(
        blank=True, help_text="How much is paid for partial achievement; blank if not stated."
    )
    payment_rule_source = source_field()
    # The payment rule as data (issue 13, point 4): nothing is paid below this share of the stretch achieved,
    # pro rata above it. Blank when the documents state no rule (seed 003 states none): never a guess.
    payment_threshold = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Share of the stretch achieved (0 to 1) below which nothing is paid; blank if not stated.",
    )
    notes = models.TextField(blank=True)
    source = source_field()

    NATURAL_KEY = ("agreement_code", "title")
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement_code", "start_year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["agreement_code", "title"], name="agreement_resource_unique_title"),
            not_negative("amount", "agreement_resource_not_negative"),
            years_in_order("agreement_resource_years_ordered"),
            models.CheckConstraint(
                condition=Q(payment_threshold__isnull=True) | Q(payment_threshold__gte=0, payment_threshold__lte=1),
                name="agreement_resource_threshold_is_a_share",
            ),
        ]

    def __str__(self):
        return f"{self.agreement_code}: {self.title}"


class StatedTotal(KeyedRecord):
    """A total exactly as a document publishes it, kept to compare with the total of its lines."""

    class Measure(models.TextChoices):
        ALLOCATED = "allocated", "Total allocated"
        UNALLOCATED = "unallocated", "Amount still to allocate"
        SPEND = "spend", "Total spend"

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="stated_totals")
    allocation = optional_key(
        Allocation,
        on_delete=models.CASCADE,
        related_name="stated_totals",
        help_text="When the total is of one line's breakdown rather than of the whole grant.",
    )
    measure = models.CharField(max_length=20, choices=Measure.choices)
    year = FinancialYearField(null=True, blank=True)
    quarter = quarter_field(optional=True)
    label = models.CharField(max_length=200, help_text="As written, e.g. 'Grand Total', 'Total Allocated'.")
    amount = models.DecimalField(**MONEY)
    source = source_field()

    NATURAL_KEY = ("grant__title", "label")
    NATURAL_KEY_DEPENDENCIES = ("funding.grant",)

    class Meta:
        ordering = ["grant", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "label"], name="stated_total_unique_label"),
        ]

    def __str__(self):
        return f"{self.grant}: {self.label} £{self.amount:,}"


class AllocationFormula(NamedRecord):
    """A pot shared between recipients by components (even, population, crime, …)."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="formulas")
    name = models.CharField(max_length=200, unique=True)
    pot = models.DecimalField(**MONEY)
    parent_allocation = optional_key(
        Allocation,
        on_delete=models.SET_NULL,
        related_name="formulas",
        help_text="The allocation line whose breakdown this formula produces.",
    )
    notes = models.TextField(blank=True)
    source = source_field()

    history = HistoricalRecords()  # the pot feeds money: every change keeps its author

    class Meta(NamedRecord.Meta):
        constraints = [not_negative("pot", "formula_pot_not_negative")]


class FormulaComponent(KeyedRecord):
    class Basis(models.TextChoices):
        EVEN = "even", "Even distribution"
        POPULATION = "population", "In proportion to population"
        CRIME = "crime", "In proportion to crime"
        OTHER = "other", "In proportion to another weight"

    formula = models.ForeignKey(AllocationFormula, on_delete=models.CASCADE, related_name="components")
    name = models.CharField(max_length=120)
    basis = models.CharField(max_length=20, choices=Basis.choices)
    amount = models.DecimalField(**MONEY)
    basis_note = models.CharField(max_length=300, blank=True, help_text="e.g. '2006 mid-year estimates'.")
    order = models.PositiveSmallIntegerField(default=0)

    NATURAL_KEY = ("formula__name", "name")
    NATURAL_KEY_DEPENDENCIES = ("funding.allocationformula",)
    history = HistoricalRecords()  # component amounts feed money: every change keeps its author

    class Meta:
        ordering = ["formula", "order"]
        constraints = [
            models.UniqueConstraint(fields=["formula", "name"], name="formula_component_unique"),
            not_negative("amount", "formula_component_not_negative"),
        ]

    def __str__(self):
        return f"{self.formula}: {self.name}"


class FormulaWeight(KeyedRecord):
    """A recipient's weight in one component (for 'even', every recipient weighs 1)."""

    component = models.ForeignKey(FormulaComponent, on_delete=models.CASCADE, related_name="weights")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="formula_weights")
    weight = models.DecimalField(max_digits=14, decimal_places=4)
    weight_note = models.CharField(max_length=200, blank=True)

    NATURAL_KEY = ("component__formula__name", "component__name", "partnership__name")
    NATURAL_KEY_DEPENDENCIES = ("funding.formulacomponent", "partnerships.partnership")
    history = HistoricalRecords()  # weights share out the money: every change keeps its author

    class Meta:
        ordering = ["component", "partnership"]
        constraints = [
            models.UniqueConstraint(fields=["component", "partnership"], name="formula_weight_unique"),
            not_negative("weight", "formula_weight_not_negative"),
        ]

    def __str__(self):
        return f"{self.component} – {self.partnership}: {self.weight}"


class SpendLine(KeyedRecord):
    """Spend reported for a quarter against an allocation."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="spend_lines")
    year = FinancialYearField()
    quarter = quarter_field()
    item = models.CharField(max_length=200, blank=True, help_text="What the money was spent on, as written.")
    amount = models.DecimalField(**MONEY)
    amount_text = models.CharField(
        max_length=40, blank=True, help_text="As written when not a plain number, e.g. 'Nil'."
    )
    commentary = models.TextField(blank=True)
    entered_by = user_stamp()
    # When the row was last saved, by any path (forms, imports and the seed alike); null only for rows that
    # fixtures loaded raw. Who entered it, if anyone, is ``entered_by``.
    entered_at = models.DateTimeField(auto_now=True, null=True)
    source = source_field()

    NATURAL_KEY = ("allocation__grant__title", "allocation__label", "year", "quarter", "item")
    NATURAL_KEY_DEPENDENCIES = ("funding.allocation",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["allocation", "year", "quarter", "item"]
        constraints = [
            models.UniqueConstraint(fields=["allocation", "year", "quarter", "item"], name="spend_line_unique"),
            not_negative("amount", "spend_not_negative"),
            quarter_1_to_4("spend_quarter_1_to_4"),
        ]

    def __str__(self):
        return f"{self.allocation.label} {self.year} Q{self.quarter}: £{self.amount:,}"
