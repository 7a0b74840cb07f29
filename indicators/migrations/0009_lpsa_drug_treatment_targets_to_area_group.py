"""Move the Local PSA targets set for Charnwood and North West Leicestershire together onto a group of areas.

Before areas could be grouped, LPSA DT2 and DT3 (seed 004: "... in Charnwood and North West Leicestershire")
were filed under Leicestershire. The seed now files them under the group; this moves the rows of an existing
database the same way (same rows, new area), so reloading the seed updates them instead of adding copies.
A database without them (a fresh one, before seeding) is left alone. Going back, the rows return to
Leicestershire and the group is removed unless something else names it.
"""

from django.db import migrations

GROUP = "Charnwood and North West Leicestershire"
MEMBERS = ["Charnwood", "North West Leicestershire"]
CODES = ["LPSA DT2", "LPSA DT3"]
SOURCE = "004 'Review of Achievements 2003-05', Local PSA Targets 2003-2006, Drug Treatment"


def _rows(apps, area_id):
    # By id: the historical models of a migration state do not accept each other's instances.
    return [
        apps.get_model("indicators", name).objects.filter(indicator__code__in=CODES, area_id=area_id)
        for name in ("Target", "Baseline")
    ]


def to_group(apps, schema_editor):
    Area = apps.get_model("partnerships", "Area")
    county = Area.objects.filter(name="Leicestershire").first()
    members = list(Area.objects.filter(name__in=MEMBERS))
    if county is None or len(members) != len(MEMBERS):
        return
    rows = _rows(apps, county.pk)
    if not any(queryset.exists() for queryset in rows):
        return
    group, _ = Area.objects.get_or_create(
        name=GROUP,
        defaults={"slug": "charnwood-and-north-west-leicestershire", "kind": "group", "source": SOURCE},
    )
    group.members.add(*members)
    for queryset in rows:
        queryset.update(area_id=group.pk)


def to_county(apps, schema_editor):
    Area = apps.get_model("partnerships", "Area")
    county = Area.objects.filter(name="Leicestershire").first()
    group = Area.objects.filter(name=GROUP).first()
    if county is None or group is None:
        return
    for queryset in _rows(apps, group.pk):
        queryset.update(area_id=county.pk)
    # Going back past the groups of areas (partnerships 0003) needs every area to have an ONS code again, so the
    # group goes unless another row still names it (then reversing 0003 stops, and says why).
    Area.members.through.objects.filter(from_area_id=group.pk).delete()
    if not _named_elsewhere(apps, group.pk):
        Area.objects.filter(pk=group.pk)._raw_delete(schema_editor.connection.alias)


def _named_elsewhere(apps, area_id) -> bool:
    """Whether any row's database foreign key names the area (the historical models' links are not constraints)."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            names_areas = field.many_to_one and field.db_constraint and target
            if (
                names_areas
                and target._meta.label_lower == "partnerships.area"
                and model._base_manager.filter(**{field.attname: area_id}).exists()
            ):
                return True
    return False


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0008_target_parts_and_percentage_point_rules"),
        ("partnerships", "0005_area_groups_further_reporting_lines_membership_dates"),
    ]

    operations = [migrations.RunPython(to_group, to_county)]
