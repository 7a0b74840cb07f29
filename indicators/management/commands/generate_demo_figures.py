"""Fill Leicestershire's quarters 2008/09–2010/11 with synthetic, clearly marked figures."""

from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from core.periods import FinancialYear, Quarter
from indicators import rag
from indicators.demo import quarterly_value, seeded_rng, trajectory
from indicators.models import Baseline, Frequency, Indicator, Measurement, Polarity, Target, Unit
from pagecache import versions
from partnerships.models import Area

YEARS = [2008, 2009, 2010]
SOURCE = "Synthetic demonstration figure (generate_demo_figures), not from any document or return"


class Command(BaseCommand):
    help = "Generate seeded, repeatable synthetic quarterly figures for Leicestershire and its districts."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2010)
        parser.add_argument("--remove", action="store_true", help="Delete every synthetic figure instead.")

    def handle(self, *args, seed=2010, remove=False, verbosity=1, **options):
        if remove:
            with transaction.atomic(), versions.bumped_once():
                deleted, _ = Measurement.objects.filter(is_synthetic=True).delete()
            self.stdout.write(f"Removed {deleted} synthetic figures.")
            return
        county = Area.objects.get(slug="leicestershire")
        areas = [county, *Area.objects.filter(parent=county).order_by("name")]
        indicators = list(Indicator.objects.active_in(FinancialYear(2009)).exclude(unit=Unit.MILESTONE))
        existing = set(
            Measurement.objects.filter(area__in=areas, indicator__in=indicators).values_list(
                "indicator_id", "area_id", "year", "quarter"
            )
        )
        targets = {}
        for t in Target.objects.primary().filter(indicator__in=indicators, area__in=areas):
            if t.effective_value is not None:
                targets.setdefault((t.indicator_id, t.area_id), {})[t.year.start_year] = t.effective_value
        baselines = {}
        for b in Baseline.objects.primary().filter(indicator__in=indicators, area__in=areas, value__isnull=False):
            baselines[(b.indicator_id, b.area_id)] = (b.year.start_year if b.year else YEARS[0] - 1, b.value)

        new = []
        for indicator in indicators:
            for area in areas:
                anchors = dict(targets.get((indicator.pk, area.pk), {}))
                if (indicator.pk, area.pk) in baselines:
                    year, value = baselines[(indicator.pk, area.pk)]
                    anchors.setdefault(year, value)
                if not anchors:
                    continue
                new.extend(self._figures(indicator, area, anchors, existing, seed))
        with transaction.atomic(), versions.bumped_once():  # bulk_create sends no signals
            Measurement.objects.bulk_create(new, batch_size=2000)
        if verbosity:
            self.stdout.write(
                f"Created {len(new)} synthetic figures ({len(existing)} existing figures left untouched)."
            )

    def _figures(self, indicator, area, anchors, existing, seed):
        rng = seeded_rng(indicator.code, area.name, seed=seed)
        by_year = trajectory(anchors, YEARS)
        quarterly = indicator.frequency == Frequency.QUARTERLY
        cumulative = indicator.is_cumulative and quarterly
        upper = Decimal(100) if indicator.unit == Unit.PERCENTAGE else None
        higher = indicator.polarity == Polarity.HIGHER_IS_BETTER
        spread = max(Decimal(indicator.amber_tolerance), Decimal(2)) * Decimal("0.9")
        for year in YEARS:
            for quarter in (1, 2, 3, 4) if quarterly else (None,):
                key = (indicator.pk, area.pk, FinancialYear(year), quarter)
                if key in existing:
                    continue  # never overwrite a figure from a document or a return
                value = quarterly_value(
                    rng,
                    by_year[year],
                    quarter or 4,
                    cumulative=cumulative,
                    spread_percent=spread,
                    places=indicator.decimal_places,
                    upper=upper,
                    allow_negative=indicator.unit == Unit.PERCENT_DIFFERENCE,
                )
                target_due = rag.profiled_target(by_year[year], quarter or 4, cumulative=cumulative)
                rating = rag.rate(value, target_due, higher_is_better=higher, tolerance=indicator.amber_tolerance)
                commentary = ""
                if rating.status in (rag.Status.AMBER, rag.Status.RED):
                    commentary = (
                        f"Synthetic demonstration commentary for {Quarter(FinancialYear(year), quarter or 4).label}: "
                        f"{rating.explanation} In a real return the CSP explains why and what is being done."
                    )
                yield Measurement(
                    indicator=indicator,
                    area=area,
                    year=FinancialYear(year),
                    quarter=quarter,
                    value=value,
                    commentary=commentary,
                    is_synthetic=True,
                    source=SOURCE,
                )
