"""Every page requires a signed-in user, except signing in itself; idle sessions expire."""

import time

from django.contrib.auth.middleware import LoginRequiredMiddleware


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware (views opt out with ``@login_not_required``; the login
    and admin login views already do), letting browsers' automatic ``/favicon.ico`` request
    through: it only redirects to a static file."""

    OPEN_PATHS = frozenset({"/favicon.ico"})

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path in self.OPEN_PATHS:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SessionActivityMiddleware:
    """Slides a signed-in session's inactivity expiry forward, at most once a minute.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) costs a
    transaction and an UPDATE per page view; refreshing once a minute keeps the
    same idle timeout to within a minute. Setting the marker marks the session
    modified, so SessionMiddleware saves it with a new expiry.
    """

    REFRESH_SECONDS = 60
    KEY = "_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.REFRESH_SECONDS:
                session[self.KEY] = now
        return response
