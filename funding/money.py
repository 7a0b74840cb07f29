"""Reads that count money: by year, stream and partnership, each pound once.

A grant spanning several years is counted through its own lines; the part of it that falls in one year (a
grant with ``part_of``) only says which year its lines' money falls in, by label, and is never counted again
(``funding.shares.share_out`` gives each line's share per year: as stated, derived, or not split).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Func, OuterRef, Q, Subquery, Sum

from core.periods import FinancialYear
from funding.models import Allocation, FundingStream, Grant, SpendLine
from funding.shares import Basis, Share, share_out, years_label


def summed(queryset, field_name: str = "amount"):
    """A correlated SUM over every row of ``queryset`` (no GROUP BY), for annotations."""
    return Subquery(queryset.order_by().annotate(total=Func(F(field_name), function="SUM")).values("total")[:1])


def line_spend_filter(outer: str = "") -> Q:
    """Spend lines against a line (``OuterRef(outer + 'pk')``) and against its year parts: the lines with its
    label in the grants that are parts of its grant. A line's spend is all its money's spend, once."""
    return Q(allocation=OuterRef(f"{outer}pk")) | Q(
        allocation__grant__part_of=OuterRef(f"{outer}grant"), allocation__label=OuterRef(f"{outer}label")
    )


def whole_grant_spend(outer: str = "pk") -> Q:
    """Spend against a grant's lines and against the lines of its year parts."""
    return Q(allocation__grant=OuterRef(outer)) | Q(allocation__grant__part_of=OuterRef(outer))


def grants_with_totals():
    """Every grant with ``allocated`` (its top-level lines), ``spent`` (its spend and its year parts') and its
    stream. One query. A year's part (``part_of``) is in the list so the callers can place its money in a year;
    only whole grants are money."""
    return (
        Grant.objects.select_related("stream", "stream__funder", "recipient")
        .annotate(
            allocated=summed(Allocation.objects.filter(grant=OuterRef("pk"), parent__isnull=True)),
            spent=summed(SpendLine.objects.filter(whole_grant_spend())),
        )
        .order_by("starts_on", "title")
    )


def year_parts(grants, lines) -> dict:
    """(whole grant id, label) → {year: amount} from the lines of the grants that are year parts. No query."""
    by_id = {g.pk: g for g in grants}
    parts = defaultdict(dict)
    for line in lines:
        grant = by_id[line.grant_id]
        if grant.part_of_id:
            parts[(grant.part_of_id, line.label)][grant.financial_year] = line.amount
    return parts


def line_shares(line: Allocation, grant: Grant, parts: dict) -> list[Share]:
    """A whole grant's line shared between the grant's years: the year parts as stated, the rest derived."""
    return share_out(line.amount, grant.years, parts.get((grant.pk, line.label), {}))


def grant_amount_shares(grant: Grant, grants) -> list[Share]:
    """A whole grant's stated amount between its years, by its year parts' stated amounts."""
    stated = {g.financial_year: g.amount for g in grants if g.part_of_id == grant.pk}
    return share_out(grant.amount, grant.years, stated)


@dataclass
class PeriodStreamTotal:
    """Money of one stream in one financial year, or in several years the documents do not split."""

    years: tuple
    stream: FundingStream
    grants: set = field(default_factory=set)
    amount: Decimal | None = None  # grants as stated
    allocated: Decimal | None = None
    spent: Decimal | None = None
    approximate: bool = False
    bases: set = field(default_factory=set)

    @property
    def label(self) -> str:
        return years_label(self.years)

    @property
    def how(self) -> str:
        """How the figures were placed in the period, when not simply as stated."""
        words = []
        if Basis.DERIVED in self.bases:
            words.append("includes a part derived from a longer grant (the whole less its stated parts)")
        if Basis.NOT_SPLIT in self.bases:
            words.append("not split between the years in the documents")
        if Basis.UNPLACED in self.bases:
            words.append("flag: stated year parts that do not add up to their whole")
        if self.approximate:
            words.append("includes approximate figures")
        return "; ".join(words)


def _add(a, b):
    if b is None:
        return a
    return b if a is None else a + b


@dataclass
class MoneyByYear:
    grants: list  # whole grants, each with ``by_year``: its allocated lines' shares per period
    totals: list[PeriodStreamTotal]


def money_by_year(grants: list[Grant]) -> MoneyByYear:
    """Totals per period and stream, and each whole grant's allocated money per year. Two queries (the lines of
    ``grants``; spend by grant and year); ``grants`` are ``grants_with_totals`` rows, parts included."""
    lines = list(Allocation.objects.filter(grant__in=[g.pk for g in grants], parent__isnull=True).order_by("pk"))
    parts = year_parts(grants, lines)
    by_id = {g.pk: g for g in grants}
    totals: dict = {}

    def total(years, grant) -> PeriodStreamTotal:
        key = (tuple(years), grant.stream.pk)
        row = totals.setdefault(key, PeriodStreamTotal(tuple(years), grant.stream))
        row.grants.add(grant.pk)
        return row

    wholes = [g for g in grants if not g.part_of_id]
    for grant in wholes:
        for share in grant_amount_shares(grant, grants):
            if share.amount is None:
                continue  # a grant whose amount is not stated counts in its lines' years only
            row = total(share.keys or grant.years, grant)
            row.amount = _add(row.amount, share.amount)
            row.approximate |= grant.amount_approximate and share.amount is not None
            row.bases.add(share.basis)
        by_year = defaultdict(lambda: [None, set()])
        for line in (line for line in lines if line.grant_id == grant.pk):
            for share in line_shares(line, grant, parts):
                by_year[share.keys or grant.years][0] = _add(by_year[share.keys or grant.years][0], share.amount)
                by_year[share.keys or grant.years][1].add(share.basis)
        grant.by_year = []
        for years, (amount, bases) in sorted(by_year.items(), key=lambda kv: kv[0][0].start_year):
            row = total(years, grant)
            row.allocated = _add(row.allocated, amount)
            row.bases |= bases
            grant.by_year.append((years_label(years), amount, bases))
    spend = (
        SpendLine.objects.filter(allocation__grant__in=list(by_id))
        .values_list("allocation__grant_id", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for grant_id, year, amount in spend:
        grant = by_id[grant_id]
        whole = by_id.get(grant.part_of_id, grant)
        row = total((year,), whole)
        row.spent = _add(row.spent, amount)
    ordered = sorted(totals.values(), key=lambda r: (r.years[0].start_year, len(r.years), r.stream.name))
    return MoneyByYear(wholes, ordered)


@dataclass(frozen=True)
class PartnershipMoney:
    partnership: object
    years: tuple
    stream: FundingStream
    grant: Grant
    label: str
    amount: Decimal | None
    how: str  # "Allocation" or "Grant received", and how the amount was placed in the year

    @property
    def year(self) -> str:
        return years_label(self.years)

    @property
    def first_year(self) -> FinancialYear:
        return self.years[0]


def _how(kind: str, share: Share) -> str:
    if share.basis in (Basis.WHOLE, Basis.STATED):
        return kind
    return f"{kind} ({share.words})"


def allocations_by_partnership(year: FinancialYear | None = None) -> list[PartnershipMoney]:
    """Money each partnership gets, by financial year and stream: the lines of whole grants that name it, each
    shared between the grant's years, and the whole grants it receives that are not shared out to other
    partnerships (so nothing counts twice). Given a year, the shares that fall in it. Two queries."""
    grants = list(Grant.objects.select_related("recipient", "stream"))
    by_id = {g.pk: g for g in grants}
    lines = list(Allocation.objects.filter(grant__in=list(by_id)).select_related("partnership").order_by("pk"))
    parts = year_parts(grants, lines)
    allocated = defaultdict(lambda: None)
    shared_out = set()
    for line in lines:
        if line.parent_id is None:
            allocated[line.grant_id] = _add(allocated[line.grant_id], line.amount)
        if line.partnership_id:
            shared_out.add(line.grant_id)
    rows = []
    for line in lines:
        grant = by_id[line.grant_id]
        if line.partnership_id is None or grant.part_of_id:
            continue
        for share in line_shares(line, grant, parts):
            years = share.keys or grant.years
            rows.append(
                PartnershipMoney(
                    line.partnership, years, grant.stream, grant, line.label, share.amount, _how("Allocation", share)
                )
            )
    for grant in grants:
        if grant.recipient_id is None or grant.part_of_id or grant.pk in shared_out:
            continue
        whole = grant.amount if grant.amount is not None else allocated[grant.pk]
        stated = {g.financial_year: g.amount for g in grants if g.part_of_id == grant.pk}
        for share in share_out(whole, grant.years, stated):
            years = share.keys or grant.years
            rows.append(
                PartnershipMoney(
                    grant.recipient,
                    years,
                    grant.stream,
                    grant,
                    grant.title,
                    share.amount,
                    _how("Grant received", share),
                )
            )
    if year is not None:
        rows = [r for r in rows if year in r.years]
    return sorted(
        rows,
        key=lambda r: (
            r.first_year.start_year,
            len(r.years),
            r.partnership.name,
            r.stream.name,
            r.grant.title,
            r.label,
        ),
    )
