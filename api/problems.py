"""Errors as RFC 9457 problem details (``application/problem+json``), the same shape for every status."""

import json

from django.http import HttpResponse

MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    429: "Too many requests",
}


def problem(status: int, detail: str, *, errors: list | None = None, instance: str = "") -> HttpResponse:
    """A problem response: ``type`` is about:blank (the status says it all), ``title`` the status in words."""
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    return HttpResponse(json.dumps(body), status=status, content_type=MEDIA_TYPE)


def validation_errors(errors: list) -> tuple[str, list]:
    """Ninja's (pydantic's) validation errors as one sentence and a list of {parameter, message}."""
    items = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        items.append({"parameter": ".".join(location) or "request", "message": str(error.get("msg", "invalid"))})
    detail = "; ".join(f"{item['parameter']}: {item['message']}" for item in items) or "The request is not valid."
    return detail, items
