"""Moved to `core.display`; this re-export keeps imports on branches written in parallel working until they are merged.

Delete once nothing imports `indicators.display` (`grep -rn "indicators.display" --include=*.py .`).
"""

from core.display import *  # noqa: F401,F403
