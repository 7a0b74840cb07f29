"""An organisation's own action plan (seed 004: the County Council's Community Safety Plan 2006-09).

A partnership's strategy has priorities and headline actions (models.PartnershipPriority); an agency can
publish a plan of its own, with priority activities (lead, timescale as written) and the contributions of
its services. Leads and timescales stay as written: the plan names teams and officers, not agencies.
"""

from django.db import models

from core.constraints import years_in_order
from core.fields import FinancialYearField, source_field

SOURCE_HELP = "Seed document and table the record was transcribed from, e.g. '004, Appendix 1'."


class ActionPlanManager(models.Manager):
    def get_by_natural_key(self, title):
        return self.get(title=title)


class ActionPlan(models.Model):
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="action_plans")
    title = models.CharField(max_length=200, unique=True)
    start_year = FinancialYearField()
    end_year = FinancialYearField()
    description = models.TextField(blank=True)
    source = source_field(SOURCE_HELP, required=True)

    objects = ActionPlanManager()

    class Meta:
        ordering = ["agency", "start_year", "title"]
        constraints = [
            years_in_order("action_plan_years_ordered"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.title,)


class PlanRowManager(models.Manager):
    def get_by_natural_key(self, plan, number):
        return self.get(plan__title=plan, number=number)


class PlanActivity(models.Model):
    """A row of the plan's table of priority activities."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities")
    number = models.PositiveSmallIntegerField(help_text="Row order in the table.")
    section = models.CharField(max_length=200, help_text="The heading row it stands under, as written.")
    activity = models.CharField(max_length=400)
    lead = models.CharField(max_length=200, blank=True, help_text="As written; blank where the table gives none.")
    timescale = models.CharField(max_length=200, blank=True, help_text="As written, e.g. 'By July 2006'.")
    note = models.TextField(blank=True, help_text="A flag where the row is incomplete or disagrees with the plan.")
    source = source_field(SOURCE_HELP, required=True)

    objects = PlanRowManager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name_plural = "plan activities"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_activity_unique")]

    def __str__(self):
        return self.activity

    def natural_key(self):
        return (self.plan.title, self.number)

    natural_key.dependencies = ["partnerships.actionplan"]


class ServiceContribution(models.Model):
    """What one of the agency's services contributes to the plan (seed 004, Appendix 1)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="contributions")
    number = models.PositiveSmallIntegerField(help_text="Row order in the table.")
    department = models.CharField(max_length=200)
    service = models.CharField(max_length=200)
    contributions = models.TextField(help_text="One activity or contribution per line, as written.")
    contact = models.CharField(max_length=300, blank=True, help_text="As written; blank where the table gives none.")
    source = source_field(SOURCE_HELP, required=True)

    objects = PlanRowManager()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="service_contribution_unique")]

    def __str__(self):
        return f"{self.department}: {self.service}"

    def natural_key(self):
        return (self.plan.title, self.number)

    natural_key.dependencies = ["partnerships.actionplan"]

    def contribution_lines(self) -> list[str]:
        return [line for line in self.contributions.splitlines() if line.strip()]
