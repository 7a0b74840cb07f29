"""Move the Local PSA targets set for Charnwood and North West Leicestershire together onto a group of areas.

Before areas could be grouped, LPSA DT2 and DT3 (seed 004: "... in Charnwood and North West Leicestershire")
were filed under Leicestershire. The seed now files them under the group; this moves the rows of an existing
database the same way (same rows, new area), so reloading the seed updates them instead of adding copies.
A database without them (a fresh one, before seeding) is left alone.
"""

from django.db import migrations

GROUP = "Charnwood and North West Leicestershire"
MEMBERS = ["Charnwood", "North West Leicestershire"]
CODES = ["LPSA DT2", "LPSA DT3"]
SOURCE = "004 'Review of Achievements 2003-05', Local PSA Targets 2003-2006, Drug Treatment"


def _rows(apps, area):
    return [
        apps.get_model("indicators", name).objects.filter(indicator__code__in=CODES, area=area)
        for name in ("Target", "Baseline")
    ]


def to_group(apps, schema_editor):
    Area = apps.get_model("partnerships", "Area")
    county = Area.objects.filter(name="Leicestershire").first()
    members = list(Area.objects.filter(name__in=MEMBERS))
    if county is None or len(members) != len(MEMBERS):
        return
    rows = _rows(apps, county)
    if not any(queryset.exists() for queryset in rows):
        return
    group, _ = Area.objects.get_or_create(
        name=GROUP,
        defaults={"slug": "charnwood-and-north-west-leicestershire", "kind": "group", "source": SOURCE},
    )
    group.members.add(*members)
    for queryset in rows:
        queryset.update(area=group)


def to_county(apps, schema_editor):
    Area = apps.get_model("partnerships", "Area")
    county = Area.objects.filter(name="Leicestershire").first()
    group = Area.objects.filter(name=GROUP).first()
    if county is None or group is None:
        return
    for queryset in _rows(apps, group):
        queryset.update(area=county)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0007_target_parts_and_percentage_point_rules"),
        ("partnerships", "0003_area_groups_further_reporting_lines_membership_dates"),
    ]

    operations = [migrations.RunPython(to_group, to_county)]
