"""Keyset (cursor) paging for the lists that grow with the country: figures, targets and baselines.

Counting pages by offset makes PostgreSQL read and throw away every row before the page (page 300 of the
figures read 300,000 rows first). A cursor instead names the row a page ended on by its sort key, and the next
page starts after that key, so the database walks its index from there: a deep page costs what the first does.

The sort key is the list's ORDER BY, which each selector ends with the primary key, so it is unique. The
cursor is that key and a direction, signed with ``django.core.signing`` and salted with the list's name and
ordering: a cursor that was altered, cut short, made for another list or for an ordering since changed is a
400 problem, never a wrong page. It carries no filter: a cursor used with other filters starts after the same
row of the new selection.
"""

from dataclasses import dataclass

from django.core import signing
from django.db.models import F, Q, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThanOrEqual, TupleLessThanOrEqual
from ninja.errors import HttpError

# Characters ``signing.dumps`` writes (URL-safe base64 and the ':' before the signature).
CURSOR_PATTERN = r"^[A-Za-z0-9_:-]+$"
CURSOR_MAX_LENGTH = 300
FORWARD, BACKWARD = "after", "before"


@dataclass(frozen=True)
class Column:
    """One sort column: its attribute (``indicator_id``, ``year``), and whether it may be NULL."""

    attname: str
    nullable: bool


@dataclass(frozen=True)
class Cursor:
    direction: str
    key: tuple


class Keyset:
    """A list's sort key: read from its queryset's ordering (ascending columns of its own table only)."""

    def __init__(self, rows: QuerySet, name: str):
        meta = rows.model._meta
        self.columns = []
        for name_in_order in rows.query.order_by:
            field = meta.pk if name_in_order == "pk" else meta.get_field(name_in_order)
            self.columns.append(Column(field.attname, field.null))
        if not self.columns or self.columns[-1].attname != meta.pk.attname:
            raise ValueError(f"{name}: a keyset needs an ordering that ends with the primary key")
        self.fields = [meta.get_field(c.attname) for c in self.columns]
        self.salt = f"api.cursor:{name}:{','.join(c.attname for c in self.columns)}"

    def key_of(self, row) -> list:
        """A row's sort key as JSON values (a financial year as its start year)."""
        get = row.get if isinstance(row, dict) else lambda attname: getattr(row, attname)
        return [field.get_prep_value(get(c.attname)) for field, c in zip(self.fields, self.columns, strict=True)]

    def encode(self, direction: str, row) -> str:
        return signing.dumps({"d": direction, "k": self.key_of(row)}, salt=self.salt)

    def decode(self, text: str) -> Cursor:
        """The cursor a ``next`` or ``previous`` link carries; a 400 problem for anything else."""
        try:
            data = signing.loads(text, salt=self.salt)
        except signing.BadSignature as exc:
            raise HttpError(400, "cursor: not a cursor this list gave; follow its next or previous link.") from exc
        key = data.get("k") if isinstance(data, dict) else None
        simple = isinstance(key, list) and all(v is None or isinstance(v, int) for v in key)
        if not simple or len(key) != len(self.columns) or data.get("d") not in (FORWARD, BACKWARD):
            raise HttpError(400, "cursor: not a cursor this list gave; follow its next or previous link.")
        return Cursor(data["d"], tuple(key))

    def ordered(self, rows: QuerySet, direction: str) -> QuerySet:
        """The rows in the list's order (NULLs last, as PostgreSQL sorts), or exactly its reverse."""
        if direction == FORWARD:
            return rows.order_by(*(F(c.attname).asc(nulls_last=True) for c in self.columns))
        return rows.order_by(*(F(c.attname).desc(nulls_first=True) for c in self.columns))

    def beyond(self, rows: QuerySet, cursor: Cursor) -> QuerySet:
        """The rows strictly after (or before) the cursor's key, nearest first."""
        forward = cursor.direction == FORWARD
        chosen = rows.filter(_beyond(self.columns, cursor.key, forward))
        # The exact condition is a tree of ORs, which PostgreSQL applies row by row. The leading columns that
        # cannot be NULL bound it as one row comparison, which the index itself can start from.
        lead = []
        for column, value in zip(self.columns, cursor.key, strict=True):
            if column.nullable or value is None:
                break
            lead.append((column.attname, value))
        if len(lead) > 1:
            compare = TupleGreaterThanOrEqual if forward else TupleLessThanOrEqual
            names, values = zip(*lead, strict=True)
            chosen = chosen.filter(compare(Tuple(*(F(n) for n in names)), list(values)))
        return self.ordered(chosen, cursor.direction)


def _beyond(columns: list[Column], key: tuple, forward: bool) -> Q:
    """Rows after (forward) or before ``key`` in ascending order with NULLs last.

    Column by column: strictly beyond this column's value, or equal to it and beyond on the rest. A NULL sorts
    after every value, so forward it is beyond any value, and nothing but another NULL is beyond a NULL.
    """
    (column, *rest), (value, *values) = columns, key
    name = column.attname
    is_null, not_null = Q(**{f"{name}__isnull": True}), Q(**{f"{name}__isnull": False})
    if value is None:
        tail = _beyond(rest, values, forward) if rest else Q(pk__in=[])
        return is_null & tail if forward else not_null | (is_null & tail)
    strictly = Q(**{f"{name}__{'gt' if forward else 'lt'}": value})
    if forward and column.nullable:
        strictly |= is_null
    if not rest:
        return strictly
    return strictly | (Q(**{name: value}) & _beyond(rest, values, forward))
