"""Computed page data kept between requests, keyed by the data version and what decides what is shown.

A key names the page, the current data version (``versions.current``) and the page's parameters, which
must include everything about the user that changes what the page shows. Nothing is ever invalidated:
a write moves the version on, so the next request asks for a new key (no lag), and old entries expire.
"""

import hashlib

from django.core.cache import cache

from pagecache import versions

# Old versions' entries are never read again; Redis drops them on expiry, local memory as it fills up.
TIMEOUT = 60 * 60


def key(request, page: str, *parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"page:{page.replace(' ', '-')}:{versions.current(request)}:{digest}"


def cached(request, page: str, parts: tuple, compute):
    """``compute()``'s value for this page, these parameters and the current data."""
    name = key(request, page, *parts)
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, TIMEOUT)
    return value
