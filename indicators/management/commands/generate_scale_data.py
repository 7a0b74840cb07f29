"""Synthetic data at national scale, for benchmarks: ~320 CSP districts under 32 counties,
40 indicators, 10 financial years of quarters (about 560,000 figures), all marked synthetic.
``--scale 10`` builds ten times as many counties (about 5.6 million figures).

Figures and targets go in with PostgreSQL's COPY (``bulk_create`` elsewhere): the columns every row shares
are prepared once from a model instance, each row adds only its own ids, period and value.

``--background`` hands the work to a task worker as a job (``jobs``), with progress per indicator.
"""

import io
import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils.text import slugify

from core.periods import FinancialYear
from core.pgcopy import copy_text
from indicators.demo import seeded_rng
from indicators.models import Agreement, Frequency, Indicator, Measurement, Polarity, Target, Unit
from jobs.services import start
from pagecache import versions
from partnerships.models import Area, Partnership

AGREEMENT = "SCALE"
UNITS = [Unit.RATE_PER_1000, Unit.PERCENTAGE, Unit.COUNT, Unit.RATE_PER_1000, Unit.PERCENTAGE]


def _synthetic(model, name: str, **fields):
    """A synthetic area or partnership: its slug made from its name, its source saying where it came from."""
    return model(name=name, slug=slugify(name), source="generate_scale_data (synthetic)", **fields)


class Command(BaseCommand):
    help = "Build synthetic national-scale data (marked synthetic) into the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--counties", type=int, default=32)
        parser.add_argument("--scale", type=int, default=1, help="Multiply the counties (10: ten times national).")
        parser.add_argument("--districts", type=int, default=10, help="Districts per county.")
        parser.add_argument("--indicators", type=int, default=40)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--first-year", type=int, default=2011)
        parser.add_argument("--remove", action="store_true", help="Delete the scale data instead.")
        parser.add_argument("--background", action="store_true", help="Run it as a job in a task worker.")

    def handle(self, *args, background=False, verbosity=1, **options):
        options["counties"] *= options["scale"]
        sizes = {
            name: options[name] for name in ("counties", "districts", "indicators", "years", "first_year", "remove")
        }
        if background:
            job = start(handler=f"{__name__}.run_as_job", label="Generate national-scale data", params=sizes)
            self.stdout.write(f"Job {job.pk}: {job.label}: {job.get_state_display().lower()}. {job.message}".strip())
            return
        self.build(**sizes, verbosity=verbosity)

    def build(self, *, counties, districts, indicators, years, first_year, remove, verbosity=1, progress=None):
        started = time.monotonic()
        self.progress = progress or (lambda done, total: None)
        with transaction.atomic(), versions.bumped_once():  # bulk writes: one move of the data version
            self._remove()
            if remove:
                self.stdout.write("Removed the national-scale data.")
                return
            areas = self._areas(counties, districts)
            indicator_rows = self._indicators(indicators, first_year, years)
            targets, figures = self._figures(areas, indicator_rows, first_year, years)
        if verbosity:
            self.stdout.write(
                f"{len(areas)} areas, {len(indicator_rows)} indicators, {targets} targets, "
                f"{figures} figures in {time.monotonic() - started:.1f}s"
            )

    def _remove(self):
        Measurement.objects.filter(indicator__agreement__code=AGREEMENT).delete()
        Target.objects.filter(indicator__agreement__code=AGREEMENT).delete()
        Indicator.objects.filter(agreement__code=AGREEMENT).delete()
        Agreement.objects.filter(code=AGREEMENT).delete()
        Partnership.objects.filter(slug__startswith="scale-").delete()
        Area.objects.filter(slug__startswith="scale-", kind=Area.Kind.DISTRICT).delete()
        Area.objects.filter(slug__startswith="scale-").delete()

    def _areas(self, counties, districts):
        county_rows = Area.objects.bulk_create(
            _synthetic(Area, f"Scale County {c:02d}", kind=Area.Kind.COUNTY, ons_code=f"E1099{c:04d}")
            for c in range(1, counties + 1)
        )
        district_rows = Area.objects.bulk_create(
            _synthetic(
                Area,
                f"Scale District {c:02d}-{d:02d}",
                kind=Area.Kind.DISTRICT,
                ons_code=f"E079{c:03d}{d:02d}",  # no real district's code starts E079
                parent=county,
            )
            for c, county in enumerate(county_rows, start=1)
            for d in range(1, districts + 1)
        )
        csps = Partnership.objects.bulk_create(
            _synthetic(Partnership, f"Scale CSP {a.name}", kind=Partnership.Kind.CSP) for a in district_rows
        )
        Partnership.areas.through.objects.bulk_create(
            Partnership.areas.through(partnership_id=p.pk, area_id=a.pk)
            for p, a in zip(csps, district_rows, strict=True)
        )
        return county_rows + district_rows

    def _indicators(self, count, first_year, years):
        agreement = Agreement.objects.create(
            code=AGREEMENT,
            name="Synthetic national-scale agreement",
            start_year=FinancialYear(first_year),
            end_year=FinancialYear(first_year + years - 1),
            source="generate_scale_data (synthetic)",
        )
        return Indicator.objects.bulk_create(
            Indicator(
                code=f"SCALE {n:02d}",
                slug=f"scale-{n:02d}",
                title=f"Synthetic indicator {n:02d}",
                agreement=agreement,
                unit=UNITS[n % len(UNITS)],
                polarity=Polarity.LOWER_IS_BETTER if n % 2 else Polarity.HIGHER_IS_BETTER,
                frequency=Frequency.QUARTERLY,
                is_cumulative=UNITS[n % len(UNITS)] == Unit.COUNT,
                decimal_places=0 if UNITS[n % len(UNITS)] == Unit.COUNT else 2,
                order=n,
                source="generate_scale_data (synthetic)",
            )
            for n in range(1, count + 1)
        )

    def _figures(self, areas, indicators, first_year, years):
        targets = figures = 0
        target_fields = {"rule_text": "synthetic", "source": "generate_scale_data (synthetic)"}
        for done, indicator in enumerate(indicators):
            self.progress(done, len(indicators))
            rng = seeded_rng("scale", indicator.code)
            level = Decimal(rng.randint(20, 900)) / (1 if indicator.unit == Unit.COUNT else 10)
            batch_targets, batch_figures = [], []
            for area in areas:
                for y in range(first_year, first_year + years):
                    target = (level * Decimal(rng.uniform(0.9, 1.1))).quantize(Decimal("0.01"))
                    batch_targets.append((indicator.pk, area.pk, y, target))
                    for q in (1, 2, 3, 4):
                        share = Decimal(q) / 4 if indicator.is_cumulative else 1
                        value = (target * share * Decimal(rng.uniform(0.9, 1.1))).quantize(Decimal("0.01"))
                        batch_figures.append((indicator.pk, area.pk, y, q, value))
            varying = ["indicator_id", "area_id", "year", "value"]
            targets += insert_rows(Target, target_fields, varying, batch_targets)
            figures += insert_rows(
                Measurement, {"is_synthetic": True}, [*varying[:3], "quarter", "value"], batch_figures
            )
        return targets, figures


def insert_rows(model, shared: dict, varying: list[str], rows: list[tuple]) -> int:
    """Insert ``rows`` (database values of the ``varying`` columns, by attname) with ``shared`` in every row.

    Every other column takes what a new instance with ``shared`` would save (defaults, auto_now); on
    PostgreSQL one COPY, elsewhere ``bulk_create``. The number of rows inserted.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_create((model(**shared, **dict(zip(varying, row, strict=True))) for row in rows), 5000)
        return len(rows)
    sample = model(**shared)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    fixed = [f for f in fields if f.attname not in varying]
    columns = [connection.ops.quote_name(f.column) for f in [*fixed, *(model._meta.get_field(a) for a in varying)]]
    prefix = "\t".join(copy_text(f.get_db_prep_save(f.pre_save(sample, True), connection)) for f in fixed)
    buffer = io.StringIO()
    buffer.writelines(prefix + "\t" + "\t".join(copy_text(v) for v in row) + "\n" for row in rows)
    buffer.seek(0)
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) FROM STDIN"
        cursor.cursor.copy_expert(sql, buffer)  # psycopg2's COPY, under Django's cursor wrapper
    return len(rows)


def run_as_job(job, progress):
    """The job's work (``jobs.services``): the same build, in one transaction, with progress per indicator."""
    out = io.StringIO()
    Command(stdout=out).build(**job.params, progress=progress)
    return out.getvalue().strip(), None
