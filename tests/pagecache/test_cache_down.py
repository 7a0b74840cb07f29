"""Redis down (restarted, unreachable) costs speed, never the page: kept pages are computed afresh."""

import logging

import pytest

# Nothing listens on port 1: every cache call fails as with Redis stopped.
REDIS_DOWN = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.mark.parametrize(
    "url",
    ["/?area=blaby", "/indicators/ni-20/?area=blaby", "/partnerships/blaby-district-community-safety-partnership/"],
)
def test_pages_still_open_when_the_cache_is_down(client, seeded, board_officer, settings, caplog, url):
    client.force_login(board_officer)
    expected = client.get(url)
    settings.CACHES = REDIS_DOWN
    with caplog.at_level(logging.WARNING, logger="pagecache"):
        response = client.get(url)
    assert response.status_code == 200
    assert "NI 20" in response.content.decode() and "NI 20" in expected.content.decode()
    assert any("cache" in record.getMessage().lower() for record in caplog.records)


def test_with_redis_url_set_pages_are_kept_in_redis(client, seeded, board_officer, settings):
    """A deployment that sets REDIS_URL (README "Running at scale") gets a working shared cache, not an ImportError."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/9"}
    }
    cache.clear()
    client.force_login(board_officer)
    assert client.get("/?area=blaby").status_code == 200
    kept = cache._cache.get_client().keys("*page:*")
    assert kept, "the dashboard's blocks are in Redis"
    cache.clear()
