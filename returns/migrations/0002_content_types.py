from django.db import migrations

MODELS = ["reportingquarter", "return", "historicalreportingquarter", "historicalreturn"]


def _move(apps, from_app, to_app):
    """Relabel the models' content types, so permissions, admin log entries and history keep pointing at them.

    A content type already made for the new label (post_migrate of an earlier run) keeps its place; the old
    one is then left for ``remove_stale_contenttypes``.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if ContentType.objects.filter(app_label=to_app, model=model).exists():
            continue
        ContentType.objects.filter(app_label=from_app, model=model).update(app_label=to_app)


def forwards(apps, schema_editor):
    _move(apps, "indicators", "returns")


def backwards(apps, schema_editor):
    _move(apps, "returns", "indicators")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("indicators", "0005_move_returns_to_returns_app"),
        ("returns", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
