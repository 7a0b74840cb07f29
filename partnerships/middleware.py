"""Every page requires a signed-in user, except signing in itself."""

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
