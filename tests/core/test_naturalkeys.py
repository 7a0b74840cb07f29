"""Every model's natural key finds the row it came from, and names it as the fixtures do."""

import pytest
from django.apps import apps

from core.naturalkeys import NaturalKeyMixin
from core.seeding import COUNTED_MODELS

KEYED = sorted(
    (model for model in apps.get_models() if issubclass(model, NaturalKeyMixin)), key=lambda m: m._meta.label
)


def test_every_seeded_model_has_a_natural_key():
    # One rule for every model the seed loads: no hand-written natural_key() / get_by_natural_key left.
    assert {m._meta.label for m in KEYED} >= set(COUNTED_MODELS)


@pytest.mark.django_db
@pytest.mark.parametrize("model", KEYED, ids=lambda m: m._meta.label)
def test_a_rows_natural_key_finds_that_row(seeded, model):
    rows = list(model._default_manager.order_by("pk")[:3])
    if not rows:
        pytest.skip(f"the seed has no {model._meta.label}")
    for row in rows:
        assert model._default_manager.get_by_natural_key(*row.natural_key()) == row


@pytest.mark.django_db
def test_keys_read_like_the_documents(seeded):
    measurement = apps.get_model("indicators", "Measurement").objects.first()
    year, quarter = measurement.year.start_year, measurement.quarter
    assert measurement.natural_key() == (measurement.indicator.code, measurement.area.name, year, quarter)
    assert apps.get_model("partnerships", "Area").objects.get(name="Blaby").natural_key() == ("Blaby",)


def test_dumpdata_orders_a_model_after_the_models_its_key_reaches_into():
    assert apps.get_model("funding", "SpendLine").natural_key.dependencies == ["funding.allocation"]
    assert apps.get_model("partnerships", "Area").natural_key.dependencies == []
    assert apps.get_model("indicators", "TargetPart").natural_key.dependencies == ["indicators.target"]


@pytest.mark.django_db
def test_a_milestones_key_reaches_through_its_action_and_priority(seeded):
    action = apps.get_model("partnerships", "HeadlineAction").objects.select_related("priority__partnership").first()
    milestone = action.milestones.create(year=2009, quarter=2, title="Scheme launched")
    priority = action.priority
    key = (priority.partnership.name, priority.start_year.start_year, priority.number, action.number, 2009, 2)
    assert milestone.natural_key() == (*key, "Scheme launched")
    assert type(milestone).objects.get_by_natural_key(*milestone.natural_key()) == milestone
