"""Every real figure that has a target for its indicator, area and year, with the status the pages give it.

For the Board's closing check (issue 11): with demonstration figures removed
(``generate_demo_figures --remove``) every line should carry a real status, never *Missing*.
"""

from collections import defaultdict

from django.core.management.base import BaseCommand

from core.periods import Quarter
from core.tables import plain_number
from indicators.models import Measurement, Target
from indicators.selectors import latest_quarters, status_from


def status_lines() -> list[dict]:
    """One line per real (not synthetic) published figure with a target for the same indicator, area and year.

    Three queries: the figures, the targets, the areas' latest quarters. A whole-year figure is rated as the
    year-end (Q4) status, as the dashboard shows it.
    """
    figures = list(
        Measurement.objects.published().select_related("indicator", "area").order_by("indicator__code", "year")
    )
    targets = {
        (t.indicator_id, t.area_id, t.year.start_year): t for t in Target.objects.primary().filter(year__isnull=False)
    }
    by_area = defaultdict(dict)
    for m in figures:
        by_area[m.area_id][(m.indicator_id, m.year.start_year, m.quarter)] = m
    as_of = latest_quarters({m.area_id for m in figures})
    lines = []
    for m in figures:
        target = targets.get((m.indicator_id, m.area_id, m.year.start_year))
        if m.is_synthetic or target is None:
            continue
        quarter = Quarter(m.year, m.quarter or 4)
        status = status_from(m.indicator, m.area, quarter, by_area[m.area_id], target, as_of)
        lines.append(
            {
                "indicator": m.indicator.code,
                "area": m.area.name,
                "period": m.period_label,
                "figure": plain_number(m.value, m.indicator.decimal_places),
                "target": (
                    plain_number(target.effective_value, m.indicator.decimal_places)
                    if target.effective_value is not None
                    else target.rule_text
                ),
                "status": status.status.label,
                "explanation": status.rating.explanation,
            }
        )
    return sorted(lines, key=lambda line: (line["indicator"], line["period"], line["area"]))


class Command(BaseCommand):
    help = "Print every real figure with a target for its year: indicator, area, period, figure, target, status."

    def handle(self, *args, **options):
        lines = status_lines()
        self.stdout.write("indicator | area | period | figure | target | status | explanation")
        for line in lines:
            self.stdout.write(" | ".join(str(line[key]) for key in line))
        missing = sum(line["status"] == "Missing" for line in lines)
        self.stdout.write(f"{len(lines)} figures with a target; {missing} Missing.")
