"""Who may read the API, and how often.

- A personal access token (``Authorization: Bearer sc_…``) for scripts; a wrong or revoked one is refused
  outright (401), never quietly treated as anonymous.
- The browser's session for someone signed in (the documentation page calls the API this way).
- Nobody at all when ``API_OPEN_DATA`` is on: everything the API serves is published data.

Every caller is throttled in a fixed one-minute window held in the cache: per token, per signed-in user, or per
address when anonymous (``API_THROTTLE_PER_MINUTE``; 0 turns throttling off).
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from api.models import AccessToken
from api.tokens import token_hash
from safercommunities.signin import client_ip

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60
# Recording when a token was last used is a write; once an hour is enough to tell a live token from a dead one.
LAST_USED_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class Caller:
    kind: str  # "token", "session" or "anonymous"
    key: str  # what the throttle counts by
    user: object = None

    def __bool__(self):
        return True


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: one query (the token with its user), plus an hourly write."""

    def authenticate(self, request, token):
        found = (
            AccessToken.objects.active()
            .select_related("user")
            .filter(token_hash=token_hash(token), user__is_active=True)
            .first()
        )
        if found is None:
            raise AuthenticationError(401, "The access token is not recognised, or has been revoked.")
        now = timezone.now()
        if found.last_used_at is None or found.last_used_at < now - LAST_USED_EVERY:
            AccessToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return Caller("token", f"token:{found.pk}", found.user)


class BrowserSession(SessionAuth):
    """The signed-in person's session (the ``sessionid`` cookie)."""

    def authenticate(self, request, key):
        user = request.user
        return Caller("session", f"user:{user.pk}", user) if user.is_authenticated else None


def open_data(request):
    """Anyone, when the site publishes its figures as open data."""
    if settings.API_OPEN_DATA:
        return Caller("anonymous", f"ip:{client_ip(request)}")
    return None


class CallerThrottle(BaseThrottle):
    """At most ``API_THROTTLE_PER_MINUTE`` requests per caller per minute; ninja answers the rest 429."""

    def allow_request(self, request) -> bool:
        limit = settings.API_THROTTLE_PER_MINUTE
        caller = getattr(request, "auth", None)
        if not limit or not caller:
            return True
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        self._wait = WINDOW_SECONDS * (window + 1) - now
        key = f"api-throttle:{caller.key}:{window}"
        try:
            count = self._count(key)
        except Exception:  # noqa: BLE001 - the cache unreachable (Redis restarting): serve rather than refuse all
            logger.warning("API throttle unavailable: the cache cannot be reached", exc_info=True)
            return True
        return count <= limit

    @staticmethod
    def _count(key: str) -> int:
        cache.add(key, 0, WINDOW_SECONDS + 5)
        try:
            return cache.incr(key)
        except ValueError:  # evicted between add and incr: count this request as the first
            cache.set(key, 1, WINDOW_SECONDS + 5)
            return 1

    def wait(self):
        return getattr(self, "_wait", WINDOW_SECONDS)
