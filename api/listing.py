"""One way every list answers: a JSON page with ``next``/``previous`` and a Link header, or the whole list as CSV.

Pages are counted by offset over a total order (each selector ends its ordering with the primary key), and one
extra row is read to know whether a next page exists: no COUNT(*) over millions of figures. CSV streams every
row matching the filters, in chunks, with the site's formula-neutralising rule (``core.exports``) on typed text.
"""

import csv
import itertools
import types
import typing
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Field, Schema
from pydantic import BaseModel

from core.exports import escape_formula

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


@dataclass(frozen=True)
class Column:
    """A CSV column: its header, where its value sits in a record, and whether it is typed text."""

    name: str
    path: tuple[str, ...]
    is_text: bool


def columns(schema: type[BaseModel], path: tuple[str, ...] = ()) -> list[Column]:
    """A schema's CSV columns: nested objects become ``period_label``-style columns.

    Text is typed (names, commentary, sources) unless it is a decimal string (its pattern says so): only typed
    text goes through the spreadsheet-formula rule, so "-9.64" stays a number, as ``core.exports`` requires.
    """
    found = []
    for name, field in schema.model_fields.items():
        members = _members(field.annotation)
        nested = [arg for arg in members if isinstance(arg, type) and issubclass(arg, BaseModel)]
        if nested:
            found += columns(nested[0], (*path, name))
            continue
        decimal = any(getattr(m, "pattern", None) for m in field.metadata) or any(
            typing.get_origin(arg) is typing.Annotated for arg in members
        )
        found.append(Column("_".join((*path, name)), (*path, name), str in members and not decimal))
    return found


def _members(annotation):
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return typing.get_args(annotation)
    return (annotation,)


class _Echo:
    def write(self, value):
        return value


def _csv_value(record: dict, column: Column):
    value = record
    for key in column.path:
        value = value.get(key) if value is not None else None
    if value is None:
        return ""
    if column.is_text:
        return escape_formula(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_response(rows, to_row, schema: type[BaseModel], name: str) -> StreamingHttpResponse:
    """Every row as CSV, streamed in chunks of ``CSV_CHUNK`` rows (one write per chunk, not per row)."""
    header = columns(schema)

    def chunks():
        writer = csv.writer(_Echo())
        yield writer.writerow([column.name for column in header])
        iterator = rows.iterator(chunk_size=CSV_CHUNK) if hasattr(rows, "iterator") else iter(rows)
        while batch := list(itertools.islice(iterator, CSV_CHUNK)):
            records = (to_row(obj) for obj in batch)
            yield "".join(writer.writerow([_csv_value(r, column) for column in header]) for r in records)

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


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
