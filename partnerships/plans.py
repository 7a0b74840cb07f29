"""An organisation's own action plan (seed 004: the County Council's Community Safety Plan 2006-09).

A partnership's strategy has priorities and headline actions (models.PartnershipPriority); an agency can
publish a plan of its own, with priority activities (lead, timescale as written) and the contributions of
its services. Leads and timescales stay as written: the plan names teams and officers, not agencies.
"""

from django.db import models

from core.constraints import years_in_order
from core.fields import FinancialYearField, source_field
from core.naturalkeys import KeyedRecord

SOURCE_HELP = "Seed document and table the record was transcribed from, e.g. '004, Appendix 1'."


class ActionPlan(KeyedRecord):
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="action_plans")
    title = models.CharField(max_length=200, unique=True)
    start_year = FinancialYearField()
    end_year = FinancialYearField()
    description = models.TextField(blank=True)
    source = source_field(SOURCE_HELP, required=True)

    NATURAL_KEY = ("title",)

    class Meta:
        ordering = ["agency", "start_year", "title"]
        constraints = [
            years_in_order("action_plan_years_ordered"),
        ]

    def __str__(self):
        return self.title


class PlanRow(KeyedRecord):
    """A numbered row of one of the plan's tables, named by the plan's title and its number."""

    number = models.PositiveSmallIntegerField(help_text="Row order in the table.")
    source = source_field(SOURCE_HELP, required=True)

    NATURAL_KEY = ("plan__title", "number")
    NATURAL_KEY_DEPENDENCIES = ("partnerships.actionplan",)

    class Meta:
        abstract = True
        ordering = ["plan", "number"]


class PlanActivity(PlanRow):
    """A row of the plan's table of priority activities."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities")
    section = models.CharField(max_length=200, help_text="The heading row it stands under, as written.")
    activity = models.CharField(max_length=400)
    lead = models.CharField(max_length=200, blank=True, help_text="As written; blank where the table gives none.")
    timescale = models.CharField(max_length=200, blank=True, help_text="As written, e.g. 'By July 2006'.")
    note = models.TextField(blank=True, help_text="A flag where the row is incomplete or disagrees with the plan.")

    class Meta(PlanRow.Meta):
        verbose_name_plural = "plan activities"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_activity_unique")]

    def __str__(self):
        return self.activity


class ServiceContribution(PlanRow):
    """What one of the agency's services contributes to the plan (seed 004, Appendix 1)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="contributions")
    department = models.CharField(max_length=200)
    service = models.CharField(max_length=200)
    contributions = models.TextField(help_text="One activity or contribution per line, as written.")
    contact = models.CharField(max_length=300, blank=True, help_text="As written; blank where the table gives none.")

    class Meta(PlanRow.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="service_contribution_unique")]

    def __str__(self):
        return f"{self.department}: {self.service}"
