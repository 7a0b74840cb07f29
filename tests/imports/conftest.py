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
