"""One way every list answers: a JSON page with ``next``/``previous`` and a Link header, or the whole list as CSV.

Every list has a total order (each selector ends its ordering with the primary key), and one extra row is read
to know whether a next page exists: no COUNT(*) over millions of figures. The small lists count pages by
offset (``?page=``); the lists that grow with the country (figures, targets, baselines) page by cursor
(``api.keyset``), so a deep page costs what the first does; ``?page=`` still works there, by offset. CSV streams every
row matching the filters, in chunks, with the site's formula-neutralising rule (``core.exports``) on typed text.
"""

import csv
import itertools
import types
import typing
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import BaseModel

from api.keyset import BACKWARD, CURSOR_MAX_LENGTH, CURSOR_PATTERN, FORWARD, Keyset
from core.exports import escape_formula

MAX_PAGE_SIZE = 1000
CSV_CHUNK = 2000


class Paging(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(100, ge=1, le=MAX_PAGE_SIZE, description=f"Rows per page, at most {MAX_PAGE_SIZE}.")
    format: typing.Literal["json", "csv"] | None = Field(
        None, description="csv: every matching row as CSV, not paged (as does `Accept: text/csv`)."
    )


class KeysetPaging(Paging):
    """Paging of a list that grows with the country: by the cursor its ``next`` and ``previous`` links carry."""

    page: int = Field(
        1,
        ge=1,
        le=1_000_000,
        description="Page number, from 1: still answered, by offset, so deep pages are slow; follow `next` instead.",
        json_schema_extra={"deprecated": True},
    )
    cursor: str | None = Field(
        None,
        max_length=CURSOR_MAX_LENGTH,
        pattern=CURSOR_PATTERN,
        description="Where the page starts: copy it from a `next` or `previous` link (it is signed; "
        "an altered cursor is a 400). Without it, the first page.",
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


def _url(request: HttpRequest, **changes) -> str:
    """This request's URL with the parameters changed (a value of None removes one)."""
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = str(value)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@dataclass
class Page:
    results: list
    page: int | None
    page_size: int
    next: str | None
    previous: str | None

    def answer(self, response: HttpResponse) -> dict:
        """The body, with the neighbouring pages' URLs also in the Link header."""
        links = [f'<{url}>; rel="{rel}"' for rel, url in (("next", self.next), ("prev", self.previous)) if url]
        if links:
            response["Link"] = ", ".join(links)
        return self.__dict__


def page(request: HttpRequest, response: HttpResponse, rows, to_row, paging: Paging) -> dict:
    """One page of ``rows`` as dicts, with the neighbouring pages' URLs in the body and the Link header."""
    start = (paging.page - 1) * paging.page_size
    chunk = list(rows[start : start + paging.page_size + 1])
    more = len(chunk) > paging.page_size
    result = Page(
        results=[to_row(obj) for obj in chunk[: paging.page_size]],
        page=paging.page,
        page_size=paging.page_size,
        next=_url(request, page=paging.page + 1) if more else None,
        previous=_url(request, page=paging.page - 1) if paging.page > 1 else None,
    )
    return result.answer(response)


def keyset_page(request: HttpRequest, response: HttpResponse, rows, to_row, paging: KeysetPaging, name: str) -> dict:
    """One page after (or before) the cursor, in one query at any depth; ``page`` says the number only when
    the page was asked for by number (the old way, by offset, from which the links are cursors again)."""
    keyset = Keyset(rows, name)
    if paging.cursor and paging.page != 1:
        raise HttpError(400, "cursor and page: give one or the other.")
    cursor = keyset.decode(paging.cursor) if paging.cursor else None
    if cursor is None:
        start = (paging.page - 1) * paging.page_size
        chosen, forward = keyset.ordered(rows, FORWARD)[start : start + paging.page_size + 1], True
    else:
        chosen, forward = keyset.beyond(rows, cursor)[: paging.page_size + 1], cursor.direction == FORWARD
    chunk = list(chosen)
    more = len(chunk) > paging.page_size
    chunk = chunk[: paging.page_size] if forward else chunk[: paging.page_size][::-1]
    # Moving forward, the rows behind are there (a cursor or page number brought us here); moving back,
    # the rows ahead are.
    ahead, behind = (more, cursor is not None or paging.page > 1) if forward else (True, more)

    def link(direction, row):
        return _url(request, page=None, cursor=keyset.encode(direction, row))

    result = Page(
        results=[to_row(obj) for obj in chunk],
        page=None if cursor else paging.page,
        page_size=paging.page_size,
        next=link(FORWARD, chunk[-1]) if ahead and chunk else None,
        previous=link(BACKWARD, chunk[0]) if behind and chunk else None,
    )
    return result.answer(response)


def listing(request, response, rows, to_row, paging: Paging, schema: type[BaseModel], name: str):
    """The list endpoint's answer: CSV when asked for, else one JSON page (by cursor where the paging has one)."""
    if wants_csv(request, paging):
        return csv_response(rows, to_row, schema, name)
    if isinstance(paging, KeysetPaging):
        return keyset_page(request, response, rows, to_row, paging, name)
    return page(request, response, rows, to_row, paging)
