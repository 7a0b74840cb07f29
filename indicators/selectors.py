"""Reads for indicator pages and data-quality checks."""

from collections import defaultdict

from django.db.models import Q

from funding.totals import TotalCheck, check_total
from indicators.models import Target, Unit
from partnerships.models import Area


def disaggregation_checks() -> list[TotalCheck]:
    """District count targets against the county target they disaggregate.

    Only counts add up (rates and percentages do not), so this covers indicators
    whose unit is a count and the indicative counts behind rate targets. One query.
    """
    targets = Target.objects.filter(
        Q(is_indicative=True) | Q(indicator__unit=Unit.COUNT),
        value__isnull=False,
        area__kind__in=[Area.Kind.COUNTY, Area.Kind.DISTRICT],
    ).select_related("indicator", "area")
    county = {}
    districts = defaultdict(list)
    for target in targets:
        key = (target.indicator, target.year, target.is_indicative)
        if target.area.kind == Area.Kind.COUNTY:
            county[key] = target
        else:
            districts[(key, target.area.parent_id)].append(target)
    checks = []
    for key, county_target in sorted(county.items(), key=lambda item: (item[0][0].code, item[0][1])):
        lines = districts.get((key, county_target.area_id), [])
        if not lines:
            continue
        indicator, year, indicative = key
        measure = "indicative count" if indicative else "target"
        checks.append(
            check_total(
                f"{indicator.code} {year} {measure}",
                f"{county_target.area} figure against its {len(lines)} districts",
                county_target.value,
                [t.value for t in lines],
                county_target.source,
            )
        )
    return checks
