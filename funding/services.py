"""Writes for funding: spend recorded against allocations, and a formula's what-if saved as allocations.

Each service checks the caller's rights first (``PermissionDenied``: nothing is
written), then works in one transaction. Spend follows the rules of figures in
returns: only the manager of the partnership the allocation belongs to records
it; every change is kept as history with its author; and a save made on a stale
page is refused (optimistic concurrency), not silently applied over someone
else's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.periods import Quarter
from funding import formula as engine
from funding.models import Allocation, AllocationFormula, Grant, SpendLine
from funding.selectors import formula_page, owner_of, spend_changes, spend_fingerprint, spend_lines_for
from partnerships import roles
from returns.models import ReportingQuarter, quarter_closed_message


class SpendError(Exception):
    """A save the allocation's state refuses; the message says why, for the page."""


class SpendConflict(SpendError):
    """Someone changed this quarter's spend after the caller opened the page: ``changes`` says who changed
    what since (the returns' conflict table), ``fingerprint`` is what a fresh page carries."""

    def __init__(self, message: str, *, fingerprint: str, changes: list[dict]):
        super().__init__(message)
        self.fingerprint = fingerprint
        self.changes = changes


class SpendQuarterClosed(SpendError):
    """The reporting quarter is closed: its spend, like its figures, can no longer change."""


class FormulaSaveError(Exception):
    """A formula's what-if cannot be saved as an allocation; the message says why, for the page."""


@dataclass(frozen=True)
class SpendEntry:
    """One spend line as checked by the form: ``line`` is None for a new line."""

    amount: Decimal
    item: str = ""
    commentary: str = ""
    line: SpendLine | None = None


def may_record_spend(user, allocation: Allocation) -> bool:
    owner = owner_of(allocation)
    return roles.manages_partnership(user, owner)


def require_spend_recorder(user, allocation: Allocation) -> None:
    if not may_record_spend(user, allocation):
        raise PermissionDenied("Only the CSP manager of the partnership this money belongs to can record its spend.")


def spend_record(
    *, allocation: Allocation, quarter: Quarter, user, opened: str, entries: Sequence[SpendEntry]
) -> list[SpendLine]:
    """Record (or correct) ``allocation``'s spend for ``quarter``: all of ``entries`` or nothing.

    ``opened`` is the fingerprint of the quarter's lines when the caller opened the
    page; if anyone has changed them since, ``SpendConflict`` is raised and nothing
    is written.
    """
    require_spend_recorder(user, allocation)
    grant = allocation.grant
    if not grant.covers(quarter):
        raise SpendError(f"{quarter.label} is outside the grant's period, {grant.period_text or grant.financial_year}.")
    with transaction.atomic():
        # The allocation's row lock serialises concurrent saves of its spend.
        Allocation.objects.select_for_update().filter(pk=allocation.pk).first()
        require_spend_open(quarter)
        current = list(
            SpendLine.objects.select_for_update()
            .filter(allocation=allocation, year=quarter.year, quarter=quarter.number)
            .order_by("pk")
        )
        require_spend_unchanged(allocation=allocation, quarter=quarter, opened=opened, current=current)
        by_pk = {line.pk: line for line in current}
        saved = []
        for entry in entries:
            if entry.line is not None:
                line = by_pk.get(entry.line.pk)
                if line is None:
                    raise SpendError("That spend line is not part of this quarter.")
                unchanged = line.amount == entry.amount and line.commentary == entry.commentary.strip()
                if unchanged:
                    continue
                _keep_original(line)
                line.amount, line.amount_text = entry.amount, ""
            else:
                item = entry.item.strip()
                if any(line.item == item for line in current):
                    raise SpendError(f"There is already a line for “{item or 'spend'}” in {quarter.label}.")
                line = SpendLine(allocation=allocation, year=quarter.year, quarter=quarter.number, item=item)
                line.amount = entry.amount
            line.commentary = entry.commentary.strip()
            line.entered_by = user
            line._history_user = user
            line.full_clean(validate_unique=False, validate_constraints=False)
            line.save()
            saved.append(line)
        return saved


def require_spend_open(quarter: Quarter) -> None:
    """Spend follows the returns' one closed-quarter rule."""
    if ReportingQuarter.objects.is_closed(quarter.year, quarter.number):
        raise SpendQuarterClosed(quarter_closed_message(quarter))


def require_spend_unchanged(*, allocation: Allocation, quarter: Quarter, opened: str, current=None) -> None:
    """Raise ``SpendConflict`` if the quarter's spend is no longer what the caller's page showed (``opened``).

    The page calls this before reading the posted lines, which are those the caller saw, not today's."""
    if current is None:
        current = list(spend_lines_for(allocation, quarter))
    fingerprint = spend_fingerprint(current)
    if fingerprint == opened:
        return
    raise SpendConflict(
        "Someone else changed this quarter's spend after you opened the page, so your changes have not been "
        "saved. Check what changed, then save again to keep yours.",
        fingerprint=fingerprint,
        changes=spend_changes(allocation, quarter=quarter, after=_last_seen(allocation, quarter, opened, current)),
    )


def _last_seen(allocation: Allocation, quarter: Quarter, opened: str, current) -> int | None:
    """The newest history row the caller's page showed: undo the quarter's history, newest first, until the
    lines are what the page showed (its fingerprint). None if they never are (a forged or ancient page)."""
    records = list(
        SpendLine.history.filter(allocation_id=allocation.pk, year=quarter.year, quarter=quarter.number).order_by(
            "history_id"
        )
    )
    state = {line.pk: (line.pk, line.item, line.amount, line.commentary) for line in current}
    for index in range(len(records) - 1, -1, -1):
        record = records[index]
        before = next((r for r in reversed(records[:index]) if r.id == record.id), None)
        if before is None or before.history_type == "-":
            state.pop(record.id, None)
        else:
            state[record.id] = (before.id, before.item, before.amount, before.commentary)
        shown = [
            SimpleNamespace(pk=pk, item=item, amount=amount, commentary=text)
            for pk, item, amount, text in (state[key] for key in sorted(state))
        ]
        if spend_fingerprint(shown) == opened:
            return records[index - 1].history_id if index else 0
    return None


def _keep_original(line: SpendLine) -> None:
    """Lines loaded from the documents have no history (fixtures load raw); keep what they said before the
    first change, so the history shows old → new."""
    if SpendLine.history.filter(id=line.pk).exists():
        return
    SpendLine.history.model.objects.create(
        history_date=timezone.now(),
        history_type="+",
        history_user=None,
        **{field.attname: getattr(line, field.attname) for field in SpendLine._meta.concrete_fields},
    )


def formula_save_as_allocation(
    *,
    formula: AllocationFormula,
    grant: Grant,
    label: str,
    pot: Decimal,
    component_amounts: Mapping[int, Decimal],
    user,
) -> Allocation:
    """Save a what-if of ``formula`` as a new allocation line in ``grant`` (the pot), broken down into one line
    per recipient with its rounded share. Administrators only; the amounts are recomputed here, never trusted
    from the page."""
    if not roles.is_administrator(user):
        raise PermissionDenied("Only an administrator can save a formula's result as an allocation.")
    label = (label or "").strip()
    if not label:
        raise FormulaSaveError("Enter a name for the new allocation.")
    page = formula_page(formula)
    components = [
        engine.Component(
            c.name,
            Decimal(component_amounts.get(c.pk, c.amount)),
            {p.name: page.weights.get((c.pk, p.pk), Decimal(0)) for p in page.recipients},
        )
        for c in page.components
    ]
    result = engine.allocate(Decimal(pot), components, [p.name for p in page.recipients])
    with transaction.atomic():
        Grant.objects.select_for_update().filter(pk=grant.pk).first()
        labels = [label, *(f"{label}: {p.name}" for p in page.recipients)]
        taken = set(Allocation.objects.filter(grant=grant, label__in=labels).values_list("label", flat=True))
        if taken:
            raise FormulaSaveError(f"{grant} already has a line called “{sorted(taken)[0]}”: choose another name.")
        source = f"What-if of “{formula.name}” saved by {user.get_username()} on {timezone.localdate():%d %B %Y}"
        parent = Allocation(
            grant=grant,
            label=label,
            category=Allocation.Category.ACTIVITY,
            amount=result.pot,
            order=_next_order(grant),
            source=source[:200],
        )
        parent._history_user = user
        parent.full_clean()
        parent.save()
        for number, partnership in enumerate(page.recipients, start=1):
            child = Allocation(
                grant=grant,
                label=f"{label}: {partnership.name}"[:200],
                category=Allocation.Category.PARTNERSHIP,
                partnership=partnership,
                parent=parent,
                amount=result.share(partnership.name).rounded_total,
                order=parent.order + number,
                source=source[:200],
            )
            child._history_user = user
            child.full_clean()
            child.save()
        return parent


def _next_order(grant: Grant) -> int:
    last = Allocation.objects.filter(grant=grant).order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1
