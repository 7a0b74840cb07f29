import functools

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path

from api import views
from api.api import api, not_found
from api.problems import problem


def _as_api_view(view):
    """An API view as the site serves it: it authenticates each request itself (token, session or open data,
    answering 401 as a problem), so the site's sign-in redirect must not run first; and a write method is a
    405 problem, not the site's HTML page."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            allowed = response["Allow"]
            response = problem(405, f"The API only reads: use {allowed}.", instance=request.path)
            response["Allow"] = allowed
        return response

    return login_not_required(wrapped)


api_patterns, api_app, api_namespace = api.urls
for pattern in api_patterns:
    pattern.callback = _as_api_view(pattern.callback)

urlpatterns = [
    path("api/v1/docs/", login_not_required(views.docs), name="api_docs"),
    path("api/v1/", (api_patterns, api_app, api_namespace)),
    re_path(r"^api/v1/(?P<rest>.*)$", login_not_required(not_found)),
    path("account/", views.account, name="account"),
    path("account/tokens/<int:token_id>/revoke/", views.revoke, name="account_token_revoke"),
]
