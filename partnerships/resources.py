"""Bulk import and export of populations (django-import-export), through the shared natural-key resource.

Columns: area name, financial year as "2009/10", kind (mid_year_estimate / census / implied, or its label),
the value in whole people, the period as published, the derivation (required for an implied figure) and the
source (always required): an administrator loads ONS mid-year estimates this way, naming the release.
"""

from import_export.fields import Field

from core.imports.resources import NaturalKeyResource
from core.imports.widgets import ChoiceWidget, WholeNumberWidget, financial_year, natural_key, text
from partnerships.models import Area
from partnerships.populations import Population

CONSTRAINT_MESSAGES = {
    "population_unique_per_area_year_kind": "There is already a population of this kind for this area and year",
    "population_positive": "A population must be greater than 0",
    "population_has_source": "A population needs its source (the publication and table)",
    "population_implied_shows_derivation": "An implied population needs its derivation (count ÷ rate × 1,000)",
}


class PopulationResource(NaturalKeyResource):
    constraint_messages = CONSTRAINT_MESSAGES
    area = natural_key("area", Area, "name")
    year = financial_year()
    kind = Field(attribute="kind", column_name="kind", widget=ChoiceWidget(Population.Kind.choices))
    value = Field(attribute="value", column_name="value", widget=WholeNumberWidget())
    period_text = text("period_text")
    derivation = text("derivation")
    source = text("source")

    class Meta:
        model = Population
        name = "Populations (area name, 2009/10, kind, whole people, source)"
        fields = ("area", "year", "kind", "value", "period_text", "derivation", "source")
        import_id_fields = ("area", "year", "kind")

    def get_queryset(self):
        return Population.objects.select_related("area")
