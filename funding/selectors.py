"""Reads for funding pages and data-quality checks."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from hashlib import sha256

from django.db.models import Q, Sum

from core.history import Change, history_changes
from core.periods import Quarter
from core.totals import TotalCheck, check_total, sum_lines
from funding.models import (
    Allocation,
    AllocationFormula,
    FormulaComponent,
    FormulaWeight,
    Grant,
    SpendLine,
    StatedTotal,
)
from funding.money import line_shares, line_spend_filter, summed, year_parts
from funding.shares import Basis, Share, share_out, years_label
from funding.spend import SpendPosition, percent_spent, quarters_between, spend_position
from funding.totals import Remainder, check_remainder, remainder
from indicators.models import Indicator
from indicators.selectors import indicator_statuses
from partnerships.models import DeliveryStatus, Milestone, PriorityTheme


def total_checks(grants=None) -> list[TotalCheck]:
    """Every stated total and every line that breaks down into sub-lines, against its computed total.

    Four queries whatever the number of grants: grants, allocations, stated totals, spend lines.
    """
    grants = list((grants if grants is not None else Grant.objects.all()).order_by("starts_on", "title"))
    grant_ids = [g.pk for g in grants]
    allocations = list(Allocation.objects.filter(grant_id__in=grant_ids).order_by("order", "pk"))
    children = defaultdict(list)
    top_level = defaultdict(list)
    for allocation in allocations:
        if allocation.parent_id:
            children[allocation.parent_id].append(allocation)
        else:
            top_level[allocation.grant_id].append(allocation)
    spend = defaultdict(list)
    for line in SpendLine.objects.filter(allocation__grant_id__in=grant_ids).select_related("allocation"):
        spend[(line.allocation.grant_id, line.year, line.quarter)].append(line.amount)
    by_id = {g.pk: g for g in grants}
    allocations_by_id = {a.pk: a for a in allocations}

    checks = []
    stated_totals = list(StatedTotal.objects.filter(grant_id__in=grant_ids).order_by("grant__starts_on", "pk"))
    for grant in _grants_stated_as_their_lines(grants, stated_totals):
        lines = [a.amount for a in top_level[grant.pk]]
        checks.append(check_total(grant.title, "Grant (as stated)", grant.amount, lines, grant.source))
    for stated in stated_totals:
        grant = by_id[stated.grant_id]
        if stated.measure == StatedTotal.Measure.ALLOCATED:
            if stated.allocation_id:
                parent = allocations_by_id[stated.allocation_id]
                lines = [a.amount for a in children[parent.pk]]
                subject = f"{grant.title}: {parent.label}"
            else:
                lines = [a.amount for a in top_level[grant.pk]]
                subject = grant.title
            checks.append(check_total(subject, stated.label, stated.amount, lines, stated.source))
        elif stated.measure == StatedTotal.Measure.UNALLOCATED:
            lines = [a.amount for a in top_level[grant.pk]]
            checks.append(check_remainder(grant.title, stated.label, stated.amount, grant.amount, lines, stated.source))
        elif stated.measure == StatedTotal.Measure.SPEND:
            lines = spend[(grant.pk, stated.year, stated.quarter)]
            checks.append(check_total(grant.title, stated.label, stated.amount, lines, stated.source))
    for allocation in allocations:
        if allocation.amount is not None and children[allocation.pk]:
            grant = by_id[allocation.grant_id]
            checks.append(
                check_total(
                    f"{grant.title}: {allocation.label}",
                    f"'{allocation.label}' line against its breakdown",
                    allocation.amount,
                    [a.amount for a in children[allocation.pk]],
                    allocation.source,
                )
            )
    return checks


def _grants_stated_as_their_lines(grants, stated_totals) -> list[Grant]:
    """Grants whose stated amount the documents give as the whole of their lines: those with a stated total of all
    their lines ("Total Revenue") and no stated amount left to allocate. Their amount is then one more stated
    total (the ABG's £741,000 against Appendix 3's lines of £740,977); a grant whose document lists only some of
    its lines (the DIP budget) states no such total, so it is not compared."""
    whole = {s.grant_id for s in stated_totals if s.measure == StatedTotal.Measure.ALLOCATED and not s.allocation_id}
    remainder = {s.grant_id for s in stated_totals if s.measure == StatedTotal.Measure.UNALLOCATED}
    return [g for g in grants if g.amount is not None and g.pk in whole and g.pk not in remainder]


def flagged_total_checks(grants=None) -> list[TotalCheck]:
    return [check for check in total_checks(grants) if check.differs]


# ---------------------------------------------------------------------------
# Funding pages
# ---------------------------------------------------------------------------


def owned_by(partnerships) -> Q:
    """Allocations a partnership answers for: those naming it, and unnamed lines of grants it receives."""
    return Q(partnership__in=partnerships) | Q(partnership__isnull=True, grant__recipient__in=partnerships)


def allocations_owned_by(partnerships):
    return Allocation.objects.filter(owned_by(partnerships))


def owner_of(allocation: Allocation):
    """The partnership that records spend against ``allocation`` (None if no partnership does)."""
    return allocation.partnership if allocation.partnership_id else allocation.grant.recipient


def _grant_spend(grant: Grant):
    """Spend against the grant's lines and its year parts' lines."""
    return SpendLine.objects.filter(Q(allocation__grant=grant) | Q(allocation__grant__part_of=grant))


def latest_spend_quarter(grant: Grant) -> Quarter | None:
    """The latest quarter with spend reported against the grant's allocations (its year parts' too). One query."""
    latest = _grant_spend(grant).order_by("-year", "-quarter").values_list("year", "quarter").first()
    return Quarter(latest[0], latest[1]) if latest else None


def _elapsed(quarters: list[Quarter], as_at: Quarter | None) -> int:
    return 0 if as_at is None else sum(1 for q in quarters if not as_at < q)


@dataclass
class AllocationRow:
    allocation: Allocation
    depth: int
    position: SpendPosition
    shares: list[Share] = field(default_factory=list)  # per year, for a line of a grant spanning several years

    @property
    def by_year(self) -> list[tuple[str, Decimal | None, set]]:
        """(period, amount, bases) per share, as ``funding.money.MoneyByYear`` gives a grant's."""
        return [(years_label(s.keys), s.amount, {s.basis}) for s in self.shares]


@dataclass(frozen=True)
class ContributionRow:
    contributor: str
    amount: Decimal | None
    how: str
    share_text: str = ""
    approximate: bool = False


@dataclass
class GrantPage:
    grant: Grant
    rows: list[AllocationRow]
    allocated: Decimal | None
    remainder_kind: Remainder
    remainder: Decimal | None
    contributions: list[ContributionRow]
    spent: Decimal
    quarters: list[Quarter]
    as_at: Quarter | None
    spend_by_quarter: list[tuple[Quarter, Decimal | None]]
    checks: list[TotalCheck]

    @property
    def flagged_checks(self) -> list[TotalCheck]:
        return [c for c in self.checks if c.differs]

    @property
    def spend_flags(self) -> list[AllocationRow]:
        return [row for row in self.rows if row.position.is_flagged]

    @property
    def remainder_gap(self) -> Decimal | None:
        return None if self.remainder is None else abs(self.remainder)

    @property
    def spans_years(self) -> bool:
        return len(self.grant.years) > 1


def contribution_rows(grant: Grant, contributions) -> list[ContributionRow]:
    """The stated contributions, then the rest of the grant: one contributor's (derived) or several's together
    (not split in the documents)."""
    named = {c.contributor: c for c in contributions}
    if not named:
        return []
    rows = []
    for share in share_out(grant.amount, list(named), {c.contributor: c.amount for c in contributions}):
        if share.basis == Basis.STATED:
            c = named[share.keys[0]]
            rows.append(ContributionRow(c.contributor, c.amount, "As stated", c.share_text, c.approximate))
            continue
        who = ", ".join(share.keys) if share.keys else "Not placed"
        how = share.words[:1].upper() + share.words[1:]
        if share.basis == Basis.NOT_SPLIT:
            how = f"The grant less the stated contributions, not split in the documents between these {len(share.keys)}"
        elif share.basis == Basis.DERIVED:
            how = "Derived: the grant less the stated contributions"
        rows.append(ContributionRow(who, share.amount, how, approximate=grant.amount_approximate))
    return rows


def grant_page(grant: Grant) -> GrantPage:
    """A grant's allocations in document order (breakdowns under their line), each with its spend to date
    and flag (its year parts' spend included) and, for a grant spanning several years, its share of each year;
    the grant's totals, contributions, spend by quarter and stated-total checks. Nine queries whatever the size."""
    allocations = list(
        Allocation.objects.filter(grant=grant)
        .select_related("partnership", "priority")
        .annotate(spent=summed(SpendLine.objects.filter(line_spend_filter())))
        .order_by("order", "pk")
    )
    part_lines = list(Allocation.objects.filter(grant__part_of=grant).select_related("grant"))
    parts = year_parts([grant, *{a.grant for a in part_lines}], part_lines)
    contributions = list(grant.contributions.order_by("order", "pk"))
    quarters = quarters_between(grant.starts_on, grant.ends_on)
    as_at = latest_spend_quarter(grant)
    elapsed = _elapsed(quarters, as_at)
    children = defaultdict(list)
    for allocation in allocations:
        children[allocation.parent_id].append(allocation)
    rows: list[AllocationRow] = []

    def walk(parent_id, depth):
        for allocation in children.get(parent_id, []):
            position = spend_position(
                allocated=allocation.amount,
                spent=allocation.spent,
                quarters_elapsed=elapsed,
                quarters_total=len(quarters),
            )
            shares = line_shares(allocation, grant, parts) if len(grant.years) > 1 else []
            rows.append(AllocationRow(allocation, depth, position, shares))
            walk(allocation.pk, depth + 1)

    walk(None, 0)
    allocated, _ = sum_lines(a.amount for a in children.get(None, []))
    by_quarter = dict(
        ((year, quarter), total)
        for year, quarter, total in _grant_spend(grant)
        .values("year", "quarter")
        .annotate(total=Sum("amount"))
        .values_list("year", "quarter", "total")
    )
    reported = sorted({Quarter(y, q) for y, q in by_quarter} | set(quarters))
    kind, figure = remainder(
        grant.amount, allocated, approximate=grant.amount_approximate, has_lines=bool(children.get(None))
    )
    return GrantPage(
        grant=grant,
        rows=rows,
        allocated=allocated,
        remainder_kind=kind,
        remainder=figure,
        contributions=contribution_rows(grant, contributions),
        spent=sum((a.spent or Decimal(0) for a in allocations), Decimal(0)),
        quarters=quarters,
        as_at=as_at,
        spend_by_quarter=[(q, by_quarter.get((q.year, q.number))) for q in reported],
        checks=total_checks(Grant.objects.filter(pk=grant.pk)),
    )


@dataclass
class AllocationPage:
    allocation: Allocation
    owner: object
    position: SpendPosition
    quarters: list[Quarter]
    lines: list[SpendLine]

    def spend_by_quarter(self) -> list[tuple[Quarter, Decimal | None, Decimal]]:
        """Each quarter of the grant with its spend (None when none was reported) and the spend to date."""
        totals = defaultdict(Decimal)
        for line in self.lines:
            totals[Quarter(line.year, line.quarter)] += line.amount
        shown = sorted(set(self.quarters) | set(totals))
        running, rows = Decimal(0), []
        for quarter in shown:
            running += totals.get(quarter, Decimal(0))
            rows.append((quarter, totals.get(quarter), running))
        return rows

    def line_rows(self) -> list[dict]:
        """The spend lines as the page's table (and its download) shows them."""
        return [
            {
                "quarter": Quarter(line.year, line.quarter),
                "item": line.item,
                "amount": line.amount,
                "amount_text": line.amount_text,
                "commentary": line.commentary,
                "entered_by": line.entered_by.get_username() if line.entered_by else None,
            }
            for line in self.lines
        ]


def allocation_page(allocation: Allocation) -> AllocationPage:
    """One allocation's spend lines and position. Two queries (its lines; the grant's latest spend quarter)."""
    grant = allocation.grant
    lines = list(
        SpendLine.objects.filter(allocation=allocation).select_related("entered_by").order_by("year", "quarter", "pk")
    )
    quarters = quarters_between(grant.starts_on, grant.ends_on)
    position = spend_position(
        allocated=allocation.amount,
        spent=sum((line.amount for line in lines), Decimal(0)),
        quarters_elapsed=_elapsed(quarters, latest_spend_quarter(grant)),
        quarters_total=len(quarters),
    )
    return AllocationPage(allocation, owner_of(allocation), position, quarters, lines)


def spend_lines_for(allocation: Allocation, quarter: Quarter) -> list[SpendLine]:
    """The spend lines of one allocation in one quarter, in entry order. One query."""
    return list(
        SpendLine.objects.filter(allocation=allocation, year=quarter.year, quarter=quarter.number).order_by("pk")
    )


def spend_fingerprint(lines) -> str:
    """What the caller saw of a quarter's spend: any change by anyone else changes it (optimistic concurrency)."""
    text = "|".join(f"{line.pk}:{line.item}:{line.amount:.2f}:{line.commentary}" for line in lines)
    return sha256(text.encode()).hexdigest()[:32]


def spend_changes(allocation: Allocation, *, quarter: Quarter | None = None, after: int | None = None) -> list[Change]:
    """Who recorded or changed spend against ``allocation`` (in ``quarter``, if given), when, from what to what;
    newest first. ``after``: only changes in history rows newer than that one (a spend conflict's). One query."""
    records = SpendLine.history.filter(allocation_id=allocation.pk)
    if quarter is not None:
        records = records.filter(year=quarter.year, quarter=quarter.number)
    records = records.select_related("history_user").order_by("id", "history_date", "history_id")
    return history_changes(
        records,
        {"amount": "amount", "commentary": "commentary", "item": "item"},
        lambda record: f"{Quarter(record.year, record.quarter).label} {record.item or 'spend'}".strip(),
        nobody="Loaded from the documents",
        show_removals=True,
        after=after,
    )


@dataclass
class FormulaPage:
    formula: AllocationFormula
    components: list[FormulaComponent]
    recipients: list  # partnerships, in name order
    weights: dict  # (component pk, partnership pk) -> Decimal
    stored: dict  # partnership pk -> the allocated amount stored under the formula's line

    def result_rows(self, result, pot, amounts) -> list[dict]:
        """Each recipient's share of every component against what is stored, then the total row."""
        rows = []
        for partnership in self.recipients:
            share = result.share(partnership.name)
            stored = self.stored.get(partnership.pk)
            rows.append(
                {
                    "recipient": partnership.name,
                    **{f"c{c.pk}": share.components[c.name] for c in self.components},
                    "exact_total": share.exact_total,
                    "rounded_total": share.rounded_total,
                    "stored": stored,
                    "difference": None if stored is None else share.rounded_total - stored,
                }
            )
        rows.append(
            {
                "recipient": "Total",
                **{f"c{c.pk}": a for c, a in zip(self.components, amounts, strict=True)},
                "exact_total": pot,
                "rounded_total": result.rounded_sum,
                "stored": sum(v for v in self.stored.values() if v is not None) if self.stored else None,
                "difference": None,
            }
        )
        return rows


def formula_page(formula: AllocationFormula) -> FormulaPage:
    """A formula's components, every recipient's weight in each, and the allocations stored for it. Three queries."""
    components = list(formula.components.order_by("order", "pk"))
    weights, recipients = {}, {}
    for weight in FormulaWeight.objects.filter(component__formula=formula).select_related("partnership"):
        weights[(weight.component_id, weight.partnership_id)] = weight.weight
        recipients[weight.partnership_id] = weight.partnership
    stored = {}
    if formula.parent_allocation_id:
        stored = dict(
            Allocation.objects.filter(parent_id=formula.parent_allocation_id, partnership__isnull=False).values_list(
                "partnership_id", "amount"
            )
        )
    return FormulaPage(formula, components, sorted(recipients.values(), key=lambda p: p.name), weights, stored)


@dataclass
class PriorityMoney:
    """One priority theme on a partnership's page: its money beside its indicators and milestones."""

    theme: PriorityTheme
    allocated: Decimal | None
    spent: Decimal
    allocations: int
    statuses: list = field(default_factory=list)  # indicators.selectors.IndicatorStatus, per area
    milestones: dict = field(default_factory=dict)  # delivery status label -> count

    @property
    def percent_spent(self) -> Decimal | None:
        return percent_spent(self.spent, self.allocated)

    @property
    def milestones_due(self) -> int:
        return sum(self.milestones.values())


def money_by_priority(partnership, quarter: Quarter | None, *, as_of: dict | None = None) -> list[PriorityMoney]:
    """Per priority theme: what ``partnership`` was allocated and has spent (to the end of ``quarter`` when
    given), the RAG of the indicators under the theme for each of its areas at ``quarter``, and the delivery
    status counts of its action-plan milestones under the theme due in ``quarter``.

    Themes shown: those its allocations fund and those its own strategy's priorities take up. About
    5 + 3 × areas queries, whatever the number of allocations, spend lines or indicators.
    """
    spend = SpendLine.objects.filter(line_spend_filter())
    if quarter is not None:
        spend = spend.filter(Q(year__lt=quarter.year) | Q(year=quarter.year, quarter__lte=quarter.number))
    # The lines of whole grants: a year part's line is inside its whole's line (and its spend is in ``spent``).
    allocations = list(
        allocations_owned_by([partnership])
        .filter(priority__isnull=False, grant__part_of__isnull=True)
        .select_related("priority")
        .annotate(spent=summed(spend))
    )
    themes = {a.priority_id: a.priority for a in allocations}
    milestone_rows = []
    if quarter is not None:
        milestone_rows = list(
            Milestone.objects.filter(
                action__priority__partnership=partnership,
                action__priority__theme__isnull=False,
                year=quarter.year,
                quarter=quarter.number,
            ).values_list("action__priority__theme_id", "status")
        )
    for theme in PriorityTheme.objects.filter(partnership_priorities__partnership=partnership).distinct():
        themes.setdefault(theme.pk, theme)
    rows = {}
    for theme_id, theme in themes.items():
        mine = [a for a in allocations if a.priority_id == theme_id]
        allocated, _ = sum_lines(a.amount for a in mine)
        rows[theme_id] = PriorityMoney(
            theme=theme,
            allocated=allocated,
            spent=sum((a.spent or Decimal(0) for a in mine), Decimal(0)),
            allocations=len(mine),
            milestones={label: 0 for _, label in DeliveryStatus.choices},
        )
    labels = dict(DeliveryStatus.choices)
    for theme_id, status in milestone_rows:
        if theme_id in rows:
            rows[theme_id].milestones[labels[status]] += 1
    if quarter is not None and rows:
        indicators = list(
            Indicator.objects.for_dashboard(quarter.year)
            .filter(themes__in=list(rows))
            .distinct()
            .prefetch_related("themes")
        )
        for area in partnership.areas.all():
            # ``as_of``: each area's latest quarter, so a status here is the one the performance table shows.
            for status in indicator_statuses(indicators, area, quarter, as_of=(as_of or {}).get(area.pk)):
                for theme in status.indicator.themes.all():
                    if theme.pk in rows:
                        rows[theme.pk].statuses.append(status)
    return sorted(rows.values(), key=lambda r: (r.theme.order, r.theme.name))
