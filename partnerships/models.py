"""Areas, agencies, partnerships, priorities and action plans."""

import simple_history
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.constraints import quarter_1_to_4, years_in_order
from core.fields import FinancialYearField, optional_key, quarter_field, source_field, user_stamp
from core.naturalkeys import KeyedRecord, NamedRecord, NaturalKeyManager, Slugged


class AreaQuerySet(models.QuerySet):
    def and_their_groups(self, areas):
        """The areas, and every group of areas with one of them as a member (a subquery: no query of its own)."""
        ids = [getattr(area, "pk", area) for area in areas]
        return self.filter(
            Q(pk__in=ids) | Q(pk__in=Area.members.through.objects.filter(to_area_id__in=ids).values("from_area_id"))
        )


class Area(Slugged, NamedRecord):
    class Kind(models.TextChoices):
        FORCE_AREA = "force_area", "Police force area"
        COUNTY = "county", "County"
        UNITARY = "unitary", "Unitary authority"
        DISTRICT = "district", "District"
        GROUP = "group", "Group of areas"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ons_code = models.CharField(
        "ONS code",
        max_length=9,
        unique=True,
        null=True,  # a group of areas has none
        blank=True,
        help_text="Nine-character ONS geography code, e.g. E07000129 for Blaby. Blank only for a group of areas.",
    )
    parent = optional_key(
        "self",
        on_delete=models.PROTECT,  # an area with areas inside it cannot just disappear
        related_name="children",
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)
    population_source = models.CharField(max_length=200, blank=True)
    # A target can be set for several areas together (seed 004, Local PSA 2003-06: "in Charnwood and North West
    # Leicestershire"): such a group is an area of kind "group" whose members are the areas it joins.
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="groups",
        blank=True,
        help_text="For a group of areas only: the areas it joins.",
    )
    source = source_field()

    objects = NaturalKeyManager.from_queryset(AreaQuerySet)()

    class Meta(NamedRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(ons_code__isnull=True) | Q(ons_code__regex=r"^[EWSN][0-9]{8}$"), name="area_ons_code_format"
            ),
            models.CheckConstraint(
                condition=Q(kind="group") | Q(ons_code__isnull=False), name="area_ons_code_unless_group"
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population_year__isnull=False),
                name="area_population_has_year",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="area_not_own_parent"),
        ]

    def get_absolute_url(self):
        return reverse("partnerships:area", args=[self.slug])

    def clean(self):
        super().clean()
        if self.kind == self.Kind.GROUP and self.ons_code:
            raise ValidationError({"ons_code": "A group of areas has no ONS code: leave it blank"})
        if self.kind and self.kind != self.Kind.GROUP and not self.ons_code:
            raise ValidationError({"ons_code": "Give the area's nine-character ONS code, e.g. E07000129"})


class Agency(NamedRecord):
    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        POLICE_AUTHORITY = "police_authority", "Police authority / commissioner"
        COUNTY_COUNCIL = "county_council", "County council"
        DISTRICT_COUNCIL = "district_council", "District or borough council"
        UNITARY_COUNCIL = "unitary_council", "Unitary council"
        FIRE = "fire", "Fire and rescue"
        PROBATION = "probation", "Probation"
        HEALTH = "health", "Health"
        CRIMINAL_JUSTICE = "criminal_justice", "Criminal justice"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        HOUSING = "housing", "Housing"
        EDUCATION = "education", "Education"
        GOVERNMENT = "government", "Central government"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    is_responsible_authority = models.BooleanField(
        "responsible authority",
        default=False,
        help_text="A statutory member of Community Safety Partnerships under the Crime and Disorder Act 1998.",
    )
    description = models.TextField(blank=True)
    source = source_field()

    class Meta(NamedRecord.Meta):
        verbose_name_plural = "agencies"

    def get_absolute_url(self):
        return reverse("partnerships:agency", args=[self.pk])


class PartnershipQuerySet(models.QuerySet):
    def csps(self):
        return self.filter(kind=Partnership.Kind.CSP)

    def current(self):
        return self.filter(ended_on__isnull=True)

    def managed_by(self, user):
        return self.filter(managers=user)


class Partnership(Slugged, NamedRecord):
    class Kind(models.TextChoices):
        FORCE_AREA_BOARD = "force_area_board", "Force-area board"
        COUNTY_BOARD = "county_board", "County board"
        CSP = "csp", "Community Safety Partnership"
        UNITARY_PARTNERSHIP = "unitary_partnership", "Unitary community safety partnership"
        STRATEGIC_PARTNERSHIP = "strategic_partnership", "Local strategic partnership"
        THEMATIC_BOARD = "thematic_board", "Thematic board or group"
        DELIVERY_GROUP = "delivery_group", "Delivery or commissioning group"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True, help_text="Abbreviation, e.g. LSCSB.")
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    areas = models.ManyToManyField(
        Area,
        related_name="partnerships",
        blank=True,
        help_text="A partnership can cover several areas.",
    )
    reports_to = optional_key(
        "self",
        on_delete=models.PROTECT,  # re-point the partnerships that report to a board before removing it
        related_name="reporting_partnerships",
    )
    # A board can report to more than one body (seed 002, Reducing Reoffending: the Reducing Re-offending
    # Programme Board "reports to the Community Safety Programme Board and the Local Criminal Justice Board").
    also_reports_to = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="also_reporting_partnerships",
        blank=True,
        help_text="Further bodies it reports to, besides the one above.",
    )
    chair = models.CharField(max_length=200, blank=True, help_text="As written, e.g. 'Chief Constable'.")
    description = models.TextField(blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="managed_partnerships",
        blank=True,
        help_text="CSP managers who enter this partnership's figures and milestones.",
    )
    source = source_field()

    objects = NaturalKeyManager.from_queryset(PartnershipQuerySet)()
    # Managers are who may enter the partnership's figures: each change is in the history with its author.
    history = HistoricalRecords(m2m_fields=["managers"])

    class Meta(NamedRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="partnership_ends_after_start",
            ),
            models.CheckConstraint(condition=~Q(reports_to=models.F("pk")), name="partnership_not_reporting_to_itself"),
        ]

    def get_absolute_url(self):
        return reverse("partnerships:detail", args=[self.slug])

    def slug_text(self) -> str:
        return self.short_name or self.name


class Membership(KeyedRecord):
    class Kind(models.TextChoices):
        STATUTORY = "statutory", "Statutory (responsible authority)"
        CO_OPTED = "co_opted", "Co-opted"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    role = models.CharField(max_length=200, blank=True, help_text="e.g. 'chair', 'lead for IOM'.")
    # Membership changes over time (seed 002: statutory membership "has changed on a number of occasions ...
    # but as of November 2012 the agencies listed under the legislation will be"): the date it holds at.
    as_of = models.DateField(null=True, blank=True, help_text="The date the document states the membership for.")
    as_of_text = models.CharField(max_length=120, blank=True, help_text="As written, e.g. 'as of November 2012'.")
    source = source_field()

    NATURAL_KEY = ("partnership__name", "agency__name")
    NATURAL_KEY_DEPENDENCIES = ("partnerships.partnership", "partnerships.agency")

    class Meta:
        ordering = ["partnership", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "agency"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.agency} in {self.partnership} ({self.get_kind_display()})"


class PriorityTheme(Slugged, NamedRecord):
    """A community safety theme: confidence, ASB, violent crime, alcohol, drugs, …"""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    basis = models.CharField(
        max_length=60,
        blank=True,
        help_text="Where the theme comes from, as the matrix marks it: LAA2, SCS, LAA2H.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    source = source_field()

    class Meta(NamedRecord.Meta):
        ordering = ["order", "name"]


class PriorityHolding(KeyedRecord):
    """How one partnership holds one theme over a period (seed 000, Appendix 2 matrix)."""

    class Level(models.TextChoices):
        PRIORITY = "priority", "Priority theme"
        CROSS_CUTTING = "cross_cutting", "Cross-cutting priority"
        SUB_PRIORITY = "sub_priority", "Sub-priority"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="priority_holdings")
    theme = models.ForeignKey(PriorityTheme, on_delete=models.PROTECT, related_name="holdings")
    level = models.CharField(max_length=20, choices=Level.choices)
    start_year = FinancialYearField()
    end_year = FinancialYearField()
    source = source_field()

    NATURAL_KEY = ("partnership__name", "theme__name", "start_year")
    NATURAL_KEY_DEPENDENCIES = ("partnerships.partnership", "partnerships.prioritytheme")

    class Meta:
        ordering = ["partnership", "theme"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "theme", "start_year"], name="priority_holding_unique"),
            years_in_order("priority_holding_years_ordered"),
        ]

    def __str__(self):
        return f"{self.partnership}: {self.theme} ({self.get_level_display()})"


class PartnershipPriority(KeyedRecord):
    """A priority in a partnership's own strategy, e.g. NWL 2013/14 'Priority 1: Tackling Crime'."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    theme = optional_key(
        PriorityTheme,
        on_delete=models.SET_NULL,
        related_name="partnership_priorities",
    )
    is_cross_cutting = models.BooleanField(default=False)
    start_year = FinancialYearField()
    end_year = FinancialYearField()
    description = models.TextField(blank=True)
    source = source_field()

    NATURAL_KEY = ("partnership__name", "start_year", "number")
    NATURAL_KEY_DEPENDENCIES = ("partnerships.partnership",)

    class Meta:
        ordering = ["partnership", "start_year", "number"]
        verbose_name_plural = "partnership priorities"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "start_year", "number"], name="partnership_priority_unique"),
            years_in_order("partnership_priority_years_ordered"),
        ]

    def __str__(self):
        return f"{self.partnership.short_name or self.partnership} {self.start_year}: {self.number}. {self.title}"


class HeadlineAction(KeyedRecord):
    priority = models.ForeignKey(PartnershipPriority, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField(help_text="Order within the priority.")
    title = models.CharField(max_length=400)
    lead = models.CharField(max_length=200, blank=True, help_text="As written in the plan.")
    lead_agency = optional_key(Agency, on_delete=models.SET_NULL, related_name="led_actions")
    timescale = models.CharField(max_length=200, blank=True, help_text="As written, e.g. 'By July 2006'.")
    source = source_field()

    NATURAL_KEY = ("priority__partnership__name", "priority__start_year", "priority__number", "number")
    NATURAL_KEY_DEPENDENCIES = ("partnerships.partnershippriority",)

    class Meta:
        ordering = ["priority", "number"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "number"], name="headline_action_unique"),
        ]

    def __str__(self):
        return self.title


class DeliveryStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    GREEN = "green", "Green – on track"
    AMBER = "amber", "Amber – at risk"
    RED = "red", "Red – off track"
    COMPLETE = "complete", "Complete"


class Milestone(KeyedRecord):
    """A quarter's task under a headline action, with its delivery status."""

    action = models.ForeignKey(HeadlineAction, on_delete=models.CASCADE, related_name="milestones")
    year = FinancialYearField()
    quarter = quarter_field()
    title = models.CharField(max_length=400)
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.NOT_STARTED)
    note = models.TextField(blank=True)
    updated_by = user_stamp()
    updated_at = models.DateTimeField(auto_now=True, null=True)  # null: transcribed, never updated here

    NATURAL_KEY = (
        "action__priority__partnership__name",
        "action__priority__start_year",
        "action__priority__number",
        "action__number",
        "year",
        "quarter",
        "title",
    )
    NATURAL_KEY_DEPENDENCIES = ("partnerships.headlineaction",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["action", "year", "quarter", "title"], name="milestone_unique"),
            quarter_1_to_4("milestone_quarter_1_to_4"),
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter}: {self.title}"


# --- History of who may do what --------------------------------------------------------


class UserHistoricalRecords(HistoricalRecords):
    """User history that skips signing in: stamping ``last_login`` changes nobody's rights."""

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("update_fields") == frozenset({"last_login"}):
            return
        super().post_save(instance, created, using=using, **kwargs)


# Roles are group memberships (see partnerships.roles), so every grant, staff flag and permission change
# is kept with its author. Registered here because the project uses Django's own User and Group models;
# password hashes and sign-in times stay out of the history.
simple_history.register(
    User,
    app="partnerships",
    records_class=UserHistoricalRecords,
    m2m_fields=["groups", "user_permissions"],
    excluded_fields=["password", "last_login"],
)
simple_history.register(Group, app="partnerships", m2m_fields=["permissions"])

# Kept in their own modules so this one stays short; imported here so Django registers them with the app.
from partnerships.facts import AreaFact, ListedItem  # noqa: E402, F401
from partnerships.plans import ActionPlan, PlanActivity, ServiceContribution  # noqa: E402, F401
from partnerships.populations import Population  # noqa: E402, F401
