"""Helpers for the bulk import tests: CSV text in, file bytes out."""

import pytest

MEASUREMENT_HEADER = "indicator,area,year,quarter,value,numerator,denominator,commentary"


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def new_figures():
    """Three new quarterly figures for 2011/12 (no seeded measurement is in that year)."""
    return [
        MEASUREMENT_HEADER,
        "NI 20,Blaby,2011/12,1,3.1,,,On track",
        "NI 20,Blaby,2011/12,2,3.2,,,",
        "NI 20,Melton,2011/12,1,2.9,,,",
    ]


def valid_figure_lines(rows: int, first_year: int = 2030) -> list[str]:
    """A header and ``rows`` valid quarterly figures (whole numbers: valid for every unit) from ``first_year``."""
    from core.periods import FinancialYear
    from indicators.models import Indicator
    from partnerships.models import Area

    codes = list(Indicator.objects.values_list("code", flat=True))
    areas = list(Area.objects.values_list("name", flat=True))
    lines, year = ["indicator,area,year,quarter,value"], first_year
    while len(lines) <= rows:
        for code in codes:
            for area in areas:
                for quarter in (1, 2, 3, 4):
                    if len(lines) <= rows:
                        lines.append(f'"{code}","{area}",{FinancialYear(year).label},{quarter},{len(lines) % 90}')
        year += 1
    return lines
