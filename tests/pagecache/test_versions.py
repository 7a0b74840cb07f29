"""The data version moves on with every write to page data, in the write's transaction."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from pagecache import versions
from pagecache.models import DataVersion

DATA_MODELS = [
    model
    for label in sorted(versions.DATA_APPS)
    for model in apps.get_app_config(label).get_models()
    if versions.changes_page_data(model)
]
M2M_FIELDS = [(model, field.name) for model in DATA_MODELS for field in model._meta.local_many_to_many]


def _a_row(model):
    """A row of ``model``: the seed's first, else one made here (the seed transcribes no milestone or return)."""
    from core.periods import FinancialYear
    from partnerships.models import Area, HeadlineAction, Milestone
    from returns.models import ReportingQuarter, Return

    made = {
        Milestone: lambda: Milestone.objects.create(
            action=HeadlineAction.objects.first(), year=FinancialYear(2010), quarter=3, title="Run winter campaign"
        ),
        Return: lambda: Return.objects.create(
            reporting_quarter=ReportingQuarter.objects.first(), area=Area.objects.get(slug="blaby")
        ),
    }
    return model.objects.first() or made[model]()


def _number():
    return DataVersion.objects.get().number


def test_the_data_apps_are_every_app_with_page_data():
    with_models = {config.label for config in apps.get_app_configs() if list(config.get_models())}
    # Everything else holds no page data: Django's own apps, the libraries', background jobs, API tokens, and
    # published Board reports (frozen files, shown only on the report pages, which are not kept).
    assert with_models - versions.DATA_APPS == {
        "admin", "auth", "contenttypes", "sessions", "axes", "django_tasks_database", "jobs", "pagecache", "api",
        "reports",
    }  # fmt: skip
    assert len(DATA_MODELS) > 30


@pytest.mark.parametrize("model", DATA_MODELS, ids=lambda m: m._meta.label)
def test_saving_a_row_of_every_data_model_moves_the_version_on(seeded, model):
    row = _a_row(model)
    before = _number()
    row.save()
    assert _number() == before + 1


@pytest.mark.parametrize("model, name", M2M_FIELDS, ids=lambda v: getattr(v, "__name__", v))
def test_changing_every_many_to_many_list_moves_the_version_on(seeded, model, name):
    row = model.objects.first()
    before = _number()
    getattr(row, name).clear()
    assert _number() > before


def test_a_delete_moves_the_version_on_and_a_rolled_back_write_does_not(seeded):
    from indicators.models import Measurement

    before = _number()
    Measurement.objects.filter(pk=Measurement.objects.first().pk).delete()
    assert _number() == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        Measurement.objects.first().save()
        raise RuntimeError("undo")
    assert _number() == before + 1


def test_bulk_writes_move_the_version_on_once(seeded):
    before = _number()
    call_command("generate_demo_figures", verbosity=0)
    after_figures = _number()
    call_command("generate_scale_data", counties=1, districts=2, indicators=2, years=1, verbosity=0)
    assert before + 1 == after_figures and _number() == after_figures + 1


def test_flushing_the_database_starts_a_new_generation(seeded):
    """A cache that outlives the database (Redis) never meets the old numbers again."""
    first = versions.current()
    DataVersion.objects.all().delete()
    versions.bump()
    assert versions.current().split(":")[0] != first.split(":")[0]


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "preview"])
def test_a_bulk_import_moves_the_version_on_once_and_a_preview_not_at_all(seeded, dry_run):
    from core.imports.io import table_import
    from tests.imports.conftest import csv_bytes, valid_figure_lines
    from tests.imports.test_batches import SmallBatches

    before = _number()
    table_import(
        resource_class=SmallBatches, data=csv_bytes(*valid_figure_lines(130)), file_name="big.csv", dry_run=dry_run
    )
    assert _number() == before + (0 if dry_run else 1)
