"""One way every list answers: a JSON page with ``next``/``previous`` and a Link header, or the whole list as CSV.

Pages are counted by offset over a total order (each selector ends its ordering with the primary key), and one
extra row is read to know whether a next page exists: no COUNT(*) over millions of figures. CSV streams every
row matching the filters, in chunks, with the site's formula-neutralising cell rule (``core.exports.cell``).
"""

import csv
import types
import typing
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Field, Schema
from pydantic import BaseModel

from api.conventions import flatten
from core.exports import cell

MAX_PAGE_SIZE = 1000
CSV_CHUNK = 2000


class Paging(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(100, ge=1, le=MAX_PAGE_SIZE, description=f"Rows per page, at most {MAX_PAGE_SIZE}.")
    format: typing.Literal["json", "csv"] | None = Field(
        None, description="csv: every matching row as CSV, not paged (as does `Accept: text/csv`)."
    )


def wants_csv(request: HttpRequest, paging: Paging) -> bool:
    if paging.format is not None:
        return paging.format == "csv"
    return "text/csv" in request.headers.get("Accept", "")


def columns(schema: type[BaseModel], prefix: str = "") -> list[str]:
    """The CSV header of a schema: nested objects become ``period_label``-style columns, as ``flatten`` writes."""
    names = []
    for name, field in schema.model_fields.items():
        nested = [arg for arg in _members(field.annotation) if isinstance(arg, type) and issubclass(arg, BaseModel)]
        if nested:
            names += columns(nested[0], f"{prefix}{name}_")
        else:
            names.append(f"{prefix}{name}")
    return names


def _members(annotation):
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return typing.get_args(annotation)
    return (annotation,)


class _Echo:
    def write(self, value):
        return value


def csv_response(rows, to_row, schema: type[BaseModel], name: str) -> StreamingHttpResponse:
    header = columns(schema)

    def lines():
        writer = csv.writer(_Echo())
        yield writer.writerow(header)
        iterator = rows.iterator(chunk_size=CSV_CHUNK) if hasattr(rows, "iterator") else rows
        for obj in iterator:
            flat = flatten(to_row(obj))
            yield writer.writerow([_csv_value(flat.get(column)) for column in header])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return cell(value if isinstance(value, str) else str(value))


def _page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@dataclass
class Page:
    results: list
    page: int
    page_size: int
    next: str | None
    previous: str | None


def page(request: HttpRequest, response: HttpResponse, rows, to_row, paging: Paging) -> dict:
    """One page of ``rows`` as dicts, with the neighbouring pages' URLs in the body and the Link header."""
    start = (paging.page - 1) * paging.page_size
    chunk = list(rows[start : start + paging.page_size + 1])
    more = len(chunk) > paging.page_size
    result = Page(
        results=[to_row(obj) for obj in chunk[: paging.page_size]],
        page=paging.page,
        page_size=paging.page_size,
        next=_page_url(request, paging.page + 1) if more else None,
        previous=_page_url(request, paging.page - 1) if paging.page > 1 else None,
    )
    links = [f'<{url}>; rel="{rel}"' for rel, url in (("next", result.next), ("prev", result.previous)) if url]
    if links:
        response["Link"] = ", ".join(links)
    return result.__dict__


def listing(request, response, rows, to_row, paging: Paging, schema: type[BaseModel], name: str):
    """The list endpoint's answer: CSV when asked for, else one JSON page."""
    if wants_csv(request, paging):
        return csv_response(rows, to_row, schema, name)
    return page(request, response, rows, to_row, paging)
