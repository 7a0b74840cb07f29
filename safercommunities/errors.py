"""Error responses: a database outage is 503 with Retry-After, not 500; both pages work without the database.

``server_error`` is the project's ``handler500``: Django calls it for any
uncaught exception, in a view or in a middleware (reading the session, say),
while that exception is being handled. The pages are rendered without the
request, so no context processor or session lookup can reach the database
that has just failed; gunicorn's worker (gunicorn.conf.py) writes the same pages.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

# How long a browser or monitor should wait before trying again (seconds).
RETRY_AFTER_SECONDS = 30
DATABASE_DOWN = (OperationalError, InterfaceError)


def service_unavailable_page() -> str:
    return render_to_string("503.html")


def server_error_page() -> str:
    return render_to_string("500.html")


def service_unavailable() -> HttpResponse:
    response = HttpResponse(service_unavailable_page(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def is_database_down(exc: BaseException | None) -> bool:
    """Whether ``exc``, or what it was raised from, is a lost or refused database connection."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DATABASE_DOWN):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request):
    if is_database_down(sys.exc_info()[1]):
        return service_unavailable()
    return HttpResponseServerError(server_error_page())
