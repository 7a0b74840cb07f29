"""Computed page data kept between requests, keyed by the data version and what decides what is shown.

A key names the page, the current data version (``versions.current``) and the page's parameters, which
must include everything about the user that changes what the page shows. Nothing is ever invalidated:
a write moves the version on, so the next request asks for a new key (no lag), and old entries expire.

The cache only ever saves work: when it cannot be reached (Redis restarting, its machine gone) ``read``
finds nothing and ``keep`` keeps nothing, so every page is computed afresh and still served.
"""

import hashlib
import logging

from django.core.cache import cache

from pagecache import versions

logger = logging.getLogger("pagecache")

# Old versions' entries are never read again; Redis drops them on expiry, local memory as it fills up.
TIMEOUT = 60 * 60


def key(request, page: str, *parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"page:{page.replace(' ', '-')}:{versions.current(request)}:{digest}"


def read(name: str):
    """The value kept under ``name``; None when there is none or the cache cannot be reached."""
    try:
        return cache.get(name)
    except Exception:  # noqa: BLE001 - whatever the backend raises, a cache failure must cost speed, not the page
        logger.warning("Page cache unreachable: %s computed afresh", name, exc_info=True)
        return None


def keep(name: str, value) -> None:
    try:
        cache.set(name, value, TIMEOUT)
    except Exception:  # noqa: BLE001 - as in read
        logger.warning("Page cache unreachable: %s not kept", name, exc_info=True)


def cached(request, page: str, parts: tuple, compute):
    """``compute()``'s value for this page, these parameters and the current data."""
    name = key(request, page, *parts)
    value = read(name)
    if value is None:
        value = compute()
        keep(name, value)
    return value
