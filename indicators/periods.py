"""Moved to `core.periods`; this re-export keeps imports on branches written in parallel working until they are merged.

Delete once nothing imports `indicators.periods` (`grep -rn "indicators.periods" --include=*.py .`).
"""

from core.periods import *  # noqa: F401,F403
