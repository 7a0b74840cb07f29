"""Dashboard filters: agreement, outcome, priority theme, partnership (in SQL) and RAG (after rating)."""

import django_filters
from django import forms
from django.db.models import Q

from core.analysis.spc import Variation
from indicators.models import Agreement, Indicator, Outcome
from indicators.rag import Status
from partnerships.models import Partnership, PriorityTheme


class IndicatorFilter(django_filters.FilterSet):
    agreement = django_filters.ModelChoiceFilter(queryset=Agreement.objects.order_by("-start_year"), empty_label="All")
    outcome = django_filters.ModelChoiceFilter(
        queryset=Outcome.objects.select_related("agreement").order_by("agreement__start_year", "code"),
        empty_label="All",
        method="filter_outcome",
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes", queryset=PriorityTheme.objects.all(), label="Priority theme", empty_label="All"
    )
    partnership = django_filters.ModelChoiceFilter(
        field_name="lead_partnerships",
        queryset=Partnership.objects.filter(led_indicators__isnull=False).distinct(),
        label="Lead partnership",
        empty_label="All",
    )
    # Status is computed by the RAG engine, not stored, so the view applies it after rating.
    rag = django_filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in Status], label="Status", method="filter_nothing", empty_label="All"
    )

    # Variation is computed by the SPC core (indicators.analysis), so the view applies it after the analysis too.
    variation = django_filters.ChoiceFilter(
        choices=[(v.value, v.label) for v in Variation], label="Variation", method="filter_nothing", empty_label="All"
    )

    class Meta:
        model = Indicator
        fields = ["agreement", "outcome", "theme", "partnership", "rag", "variation"]

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_outcome(self, queryset, name, value):
        """Indicators listed under the outcome, or also under it (NI 20: LAA 3.1 and 6.2)."""
        if not value:
            return queryset
        further = Indicator.further_outcomes.through.objects.filter(outcome=value).values("indicator_id")
        return queryset.filter(Q(outcome=value) | Q(pk__in=further))

    @property
    def status(self) -> Status | None:
        value = self.form.cleaned_data.get("rag") if self.form.is_valid() else None
        return Status(value) if value else None

    @property
    def chosen_variation(self) -> Variation | None:
        value = self.form.cleaned_data.get("variation") if self.form.is_valid() else None
        return Variation(value) if value else None

    def keep(self, statuses) -> list:
        """The rated rows the status and variation choices keep: they filter ratings, not the indicators."""
        if self.status:
            statuses = [s for s in statuses if s.status == self.status]
        if self.chosen_variation:
            statuses = [s for s in statuses if s.variation == self.chosen_variation]
        return statuses


def govuk_select(form: forms.Form) -> forms.Form:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "govuk-select")
    return form
