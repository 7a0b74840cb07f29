"""The analysis cost of a whole dashboard: 40 indicators × 40 quarters, pure Python (no database, no Django).

Per indicator, what ``indicators.analysis.dashboard_analysis`` computes once the figures are fetched: the XmR
chart with its four special-cause rules and the variation and assurance judgements, plus the direction of
travel's significance (two rate intervals and a rate ratio). Prints the median and the worst of 200 runs.
The budget (issue 14) is 20 ms. A benchmark that prints figures; it asserts nothing.

    .venv/bin/python scripts/bench_analysis.py
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.analysis.compare import rate_ratio_interval  # noqa: E402
from core.analysis.intervals import rate_interval  # noqa: E402
from core.analysis.spc import xmr  # noqa: E402

INDICATORS, QUARTERS, RUNS = 40, 40, 200


def series(rng: random.Random) -> list[float]:
    """A level with noise, a drift and now and then a step: enough special causes to exercise every rule."""
    level, values = rng.uniform(3, 60), []
    for i in range(QUARTERS):
        step = level * 0.3 if i > 30 and rng.random() < 0.5 else 0
        values.append(level * (1 + rng.gauss(0, 0.05)) + step + i * level * 0.002)
    return values


def dashboard(all_series, populations) -> int:
    signals = 0
    for values, population in zip(all_series, populations, strict=True):
        result = xmr(values, higher_is_better=False, target=values[0])
        signals += len(result.signals)
        now, last_year = round(values[-1] * population / 1000), round(values[-5] * population / 1000)
        rate_interval(now, population)
        rate_interval(last_year, population)
        rate_ratio_interval(now, population, last_year, population)
    return signals


def main():
    rng = random.Random(14)
    all_series = [series(rng) for _ in range(INDICATORS)]
    populations = [rng.randint(40_000, 700_000) for _ in range(INDICATORS)]
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        signals = dashboard(all_series, populations)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    print(f"{INDICATORS} indicators x {QUARTERS} quarters ({signals} special-cause points), {RUNS} runs:")
    print(f"  wall clock: median {statistics.median(wall):.2f} ms, worst {max(wall):.2f} ms (budget 20 ms)")
    # CPU time is what the analysis itself costs when other processes share the cores.
    print(f"  CPU time:   median {statistics.median(cpu):.2f} ms, worst {max(cpu):.2f} ms")


if __name__ == "__main__":
    main()
