"""Site-wide response rules: signed-in pages stay out of shared caches; a bare 405 gets the site's page."""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Every response to a signed-in person is ``Cache-Control: no-store, private``.

    Their pages carry figures, commentary and money not yet published, which no
    proxy or shared cache may keep. Static files (served by WhiteNoise before
    this runs, or under STATIC_URL) stay cacheable. A 5xx page is generic, and
    asking who is signed in could reach the database that has just failed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code >= 500 or request.path.startswith(settings.STATIC_URL):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class MethodNotAllowedPageMiddleware:
    """``require_POST`` and class-based views answer a wrong method with an empty 405 (Django's
    ``HttpResponseNotAllowed``); give it the site's page, keeping its ``Allow`` header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response["Allow"]
            return page
        return response
