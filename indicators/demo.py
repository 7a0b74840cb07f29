"""Plausible synthetic quarterly figures for demonstration. Plain Python, no Django.

The documents give baselines, targets and a few outturns but no quarterly
series. These figures follow a straight trajectory from the baseline to the
targets, with seeded noise of about the indicator's Amber tolerance, so a
dashboard shows a realistic mix of Green, Amber and Red. They are always marked
synthetic wherever they are stored or shown.
"""

import random
import zlib
from decimal import Decimal


def seeded_rng(*parts: object, seed: int = 2010) -> random.Random:
    return random.Random(seed * 1_000_003 + zlib.crc32("|".join(map(str, parts)).encode()))


def trajectory(anchors: dict[int, Decimal], years: list[int]) -> dict[int, Decimal]:
    """The value for each year: known anchors, linear between them, flat beyond them."""
    known = sorted(anchors.items())
    result = {}
    for year in years:
        if year in anchors:
            result[year] = Decimal(anchors[year])
            continue
        before = [(y, v) for y, v in known if y < year]
        after = [(y, v) for y, v in known if y > year]
        if before and after:
            (y0, v0), (y1, v1) = before[-1], after[0]
            result[year] = Decimal(v0) + (Decimal(v1) - Decimal(v0)) * Decimal(year - y0) / Decimal(y1 - y0)
        else:
            result[year] = Decimal((before[-1] if before else after[0])[1])
    return result


def quarterly_value(
    rng: random.Random,
    year_value: Decimal,
    quarter: int,
    *,
    cumulative: bool,
    spread_percent: Decimal,
    places: int,
    upper: Decimal | None = None,
    allow_negative: bool = False,
) -> Decimal:
    """One quarter's figure: the year's value (its share so far, if cumulative) with noise."""
    base = Decimal(year_value) * (Decimal(quarter) / 4 if cumulative else 1)
    noise = Decimal(str(rng.gauss(0, 1))) * Decimal(spread_percent) / 100
    value = base * (1 + noise)
    if not allow_negative:
        value = max(Decimal(0), value)
    if upper is not None:
        value = min(value, upper)
    return value.quantize(Decimal(1).scaleb(-places))
