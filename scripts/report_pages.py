"""The Leicestershire 2010/11 Q3 Board report: how long each format takes, and the PDF's first two pages as PNG.

Builds the report from the database the settings point at (seeded; with ``generate_demo_figures`` the
exceptions have figures and charts), times the report's read and each format in ``reports.formats.FORMATS``
(skipping a format whose module is not installed yet), prints the seconds, and renders the PDF's first two
pages to ``docs/board-report-page-1.png`` and ``-2.png`` with pypdfium2.

    DATABASE_URL=postgres://… DEBUG=1 .venv/bin/python scripts/report_pages.py
"""

import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safercommunities.settings")

import django  # noqa: E402

django.setup()
for noisy in ("weasyprint", "fontTools"):  # their INFO lines (every SVG style, every font subset) are not timings
    logging.getLogger(noisy).setLevel(logging.ERROR)

import pypdfium2  # noqa: E402

from core.periods import Quarter  # noqa: E402
from indicators.models import Agreement  # noqa: E402
from partnerships.models import Area  # noqa: E402
from reports import formats  # noqa: E402
from reports.selectors import board_report  # noqa: E402

QUARTER = Quarter(2010, 3)
DOCS = ROOT / "docs"


def timed(label: str, build):
    start = time.perf_counter()
    result = build()
    print(f"{label:<24} {time.perf_counter() - start:6.2f} s")
    return result


def main() -> None:
    area = Area.objects.get(slug="leicestershire")
    agreement = Agreement.objects.get(code="LAA2 2008-11")
    report = timed("report (database read)", lambda: board_report(area, QUARTER, agreement))
    print(f"  {len(report.appendix)} indicators, {len(report.exceptions)} exceptions, synthetic={report.synthetic}")
    files = {}
    for key, spec in formats.FORMATS.items():
        try:
            files[key] = timed(spec.label, lambda key=key: formats.render(report, key))
        except ImportError as missing:
            print(f"{spec.label:<24} skipped: {missing}")
    # A second PDF: the first includes importing WeasyPrint and loading its fonts, once per process.
    if "pdf" in files:
        timed("PDF (second run)", lambda: formats.render(report, "pdf"))
        DOCS.mkdir(exist_ok=True)
        document = pypdfium2.PdfDocument(files["pdf"])
        print(f"  PDF: {len(document)} pages")
        for number in (1, 2):
            image = document[number - 1].render(scale=150 / 72).to_pil()
            path = DOCS / f"board-report-page-{number}.png"
            image.save(path, optimize=True)
            print(f"  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
