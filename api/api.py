"""The NinjaAPI object: authentication, throttling, problem-details errors and the OpenAPI document's media types."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from api.auth import BrowserSession, CallerThrottle, TokenAuth, open_data
from api.problems import MEDIA_TYPE, problem, validation_errors

DESCRIPTION = """Published performance, targets and funding of the Community Safety Partnerships.

Only published figures appear: those transcribed from the source documents and those in returns the Board has
approved. Draft and submitted figures never do. Every list answers a page of JSON (`page_size` up to 1,000,
`next`/`previous` and a `Link` header) or, with `?format=csv` or `Accept: text/csv`, every matching row as CSV.
Follow `next`: figures, targets and baselines page by a signed `cursor` in those links (a deep page is as fast as
the first); the other lists, which stay small, by `page` number. Decimals are strings; dates ISO 8601; financial periods a label (`2009/10 Q3`) with start and end dates.
Errors are RFC 9457 problem details (`application/problem+json`).

Authenticate with a personal access token (`Authorization: Bearer sc_…`, made on your account page) or the
browser's session."""


class ReadApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Ninja writes every response as application/json: errors are problem+json, and 200s also CSV."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operation in (op for item in schema["paths"].values() for op in item.values()):
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if str(status).startswith("4") and "application/json" in content:
                    content[MEDIA_TYPE] = content.pop("application/json")
                elif str(status) == "200" and operation.get("x-csv"):
                    content["text/csv"] = {"schema": {"type": "string"}}
            operation.pop("x-csv", None)
        return schema


api = ReadApi(
    title="Safer Communities read API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSession(), open_data],
    throttle=[CallerThrottle()],
    docs_url=None,
    openapi_url="/openapi.json",
)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    detail, errors = validation_errors(exc.errors)
    return problem(400, detail, errors=errors, instance=request.path)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    detail = str(exc) if str(exc) != "Unauthorized" else "Sign in, or send a personal access token."
    response = problem(401, detail, instance=request.path)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(Throttled)
def _throttled(request, exc):
    return problem(429, "Too many requests: wait for the number of seconds in Retry-After.", instance=request.path)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem(exc.status_code, str(exc), instance=request.path)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(404, str(exc) or "Not found.", instance=request.path)


def not_found(request, rest=""):
    """Any other path under /api/v1/: a problem, not the site's HTML 404 page."""
    return problem(404, "There is no such endpoint; see /api/v1/openapi.json.", instance=request.path)


from api import endpoints  # noqa: E402,F401  (registers the operations on ``api``)
