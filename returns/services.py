"""Services for quarterly returns: save, submit, approve, send back; open and close quarters.

Each service runs in one transaction, takes the return's row lock, and checks
in this order: the caller's role, the quarter is open, the return's status
allows the step, and the version the caller opened is still current. Anything
refused writes nothing.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.periods import FinancialYear
from indicators.models import DeliveryJudgement, Indicator, Measurement
from partnerships import roles
from partnerships.models import Area, DeliveryStatus, Milestone
from returns import signals
from returns.models import ReportingQuarter, Return, ReturnStatus, quarter_closed_message
from returns.selectors import Change, return_changes, return_last_changed, return_page, version_opened_at

# (status, action) -> new status. "save" keeps the status; anything not listed is refused.
TRANSITIONS = {
    (ReturnStatus.DRAFT, "save"): ReturnStatus.DRAFT,
    (ReturnStatus.RETURNED, "save"): ReturnStatus.RETURNED,
    (ReturnStatus.DRAFT, "submit"): ReturnStatus.SUBMITTED,
    (ReturnStatus.RETURNED, "submit"): ReturnStatus.SUBMITTED,
    (ReturnStatus.SUBMITTED, "approve"): ReturnStatus.APPROVED,
    (ReturnStatus.SUBMITTED, "send_back"): ReturnStatus.RETURNED,
}


class ReturnError(Exception):
    """A step the return's state refuses; the message says why, for the page."""


class QuarterClosed(ReturnError):
    pass


class IllegalTransition(ReturnError):
    pass


class ReturnConflict(ReturnError):
    """Someone saved the return after the caller opened it."""

    def __init__(self, message: str, *, current_version: int, changes: list[Change], seen: str = ""):
        super().__init__(message)
        self.current_version = current_version
        self.changes = changes
        self.seen = seen  # what the page now shows was last written (``ReturnPage.seen``), for the next save


# A save whose caller does not say when what it saw was last written (a script, a test): only the version is
# checked. The return page always says (its form's ``seen``).
NOT_CHECKED = object()


def next_status(status: str, action: str) -> str:
    try:
        return TRANSITIONS[(ReturnStatus(status), action)]
    except (KeyError, ValueError):
        which = _STATUS_WORDS.get(status, f"A return that is {status}")
        raise IllegalTransition(f"{which} cannot be {_ACTION_WORDS.get(action, action)}.") from None


_ACTION_WORDS = {"save": "changed", "submit": "submitted", "approve": "approved", "send_back": "returned"}
_STATUS_WORDS = {
    ReturnStatus.DRAFT: "A draft return",
    ReturnStatus.SUBMITTED: "A submitted return",
    ReturnStatus.APPROVED: "An approved return",
    ReturnStatus.RETURNED: "A return sent back to the manager",
}


@dataclass(frozen=True)
class Entry:
    """One indicator's checked figure (from ``validation.check_entry``) and commentary."""

    indicator: Indicator
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    commentary: str = ""
    outlier_confirmed: bool = False


@dataclass(frozen=True)
class Judgement:
    """The district's own delivery judgement on one indicator (Green, Amber or Red, and why)."""

    indicator: Indicator
    status: str
    reason: str


@dataclass(frozen=True)
class MilestoneUpdate:
    milestone: Milestone
    status: str
    note: str = ""


def _lock(reporting_quarter: ReportingQuarter, area: Area) -> tuple[ReportingQuarter, Return | None]:
    quarter = ReportingQuarter.objects.select_for_update().get(pk=reporting_quarter.pk)
    record = Return.objects.select_for_update().filter(reporting_quarter=quarter, area=area).first()
    return quarter, record


def _check_open(quarter: ReportingQuarter) -> None:
    if not quarter.is_open:
        raise QuarterClosed(quarter_closed_message(quarter.period))


def _check_version(record: Return | None, version: int, reporting_quarter, area, seen=NOT_CHECKED) -> None:
    """Refuse a save made from a page opened before someone else's write: the return's own saves (its version)
    and, when the caller says what it had seen, any write to what the return shows (``last_changed``)."""
    current = record.version if record else 0
    if current == version:
        if seen is NOT_CHECKED:
            return
        latest = return_last_changed(reporting_quarter, area)
        if latest is None or (seen is not None and latest <= seen):
            return
        since = seen
    else:
        since = version_opened_at(record, version)
    page = return_page(reporting_quarter, area)
    raise ReturnConflict(
        "Someone else saved this return after you opened it, so your changes have not been saved. "
        "Check what changed, then save again to keep your figures.",
        current_version=current,
        changes=return_changes(page, since=since),
        seen=page.seen,
    )


def _save_entries(record: Return, entries: list[Entry], user) -> None:
    quarter = record.reporting_quarter
    existing = {
        m.indicator_id: m
        for m in Measurement.objects.select_for_update()
        .for_area(record.area)
        .in_quarter(quarter.period)
        .filter(indicator__in=[e.indicator for e in entries])
    }
    _keep_what_was_there(list(existing.values()))
    for entry in entries:
        fields = {
            "value": entry.value,
            "numerator": entry.numerator,
            "denominator": entry.denominator,
            "commentary": entry.commentary.strip(),
            "outlier_confirmed": entry.outlier_confirmed and entry.value is not None,
        }
        measurement = existing.get(entry.indicator.pk)
        reported = entry.value is not None or fields["commentary"]
        if not reported and (measurement is None or measurement.is_synthetic):
            continue  # not reported: no row, never a zero (and a synthetic figure stays marked synthetic)
        if measurement is None:
            measurement = Measurement(
                indicator=entry.indicator, area=record.area, year=quarter.year, quarter=quarter.quarter
            )
        elif measurement.return_record_id == record.pk and all(
            getattr(measurement, name) == new for name, new in fields.items()
        ):
            continue
        for name, new in fields.items():
            setattr(measurement, name, new)
        measurement.return_record = record
        measurement.is_synthetic = False
        measurement.entered_by = user
        measurement._history_user = user
        measurement.clean_fields()
        measurement.save()


def _keep_what_was_there(measurements: list[Measurement]) -> None:
    """Give figures stored without history (bulk-loaded, synthetic) a first history row of what they were,
    so the return's history shows what a manager's figure replaced, not "—". One query, one insert at most."""
    if not measurements:
        return
    recorded = set(
        Measurement.history.filter(id__in=[m.pk for m in measurements]).values_list("id", flat=True).distinct()
    )
    missing = [copy(m) for m in measurements if m.pk not in recorded]
    for earlier in missing:
        earlier._history_date = earlier.entered_at or timezone.now()
        earlier._history_user = None  # stored by the system, not by whoever is saving now
    if missing:
        Measurement.history.bulk_history_create(missing)


def _save_milestones(updates: list[MilestoneUpdate], record: Return, user) -> None:
    for update in updates:
        milestone = update.milestone
        roles.require_partnership_manager(user, milestone.action.priority.partnership)
        if (milestone.year, milestone.quarter) != (record.reporting_quarter.year, record.reporting_quarter.quarter):
            raise ReturnError("That milestone is not part of this quarter's return.")
        if update.status not in DeliveryStatus.values:
            raise ReturnError("Choose a delivery status from the list.")
        note = update.note.strip()
        if milestone.status == update.status and milestone.note == note:
            continue
        milestone.status, milestone.note, milestone.updated_by = update.status, note, user
        milestone._history_user = user
        milestone.save()


def _save_judgements(record: Return, judgements: list[Judgement], user) -> None:
    """Add or change the area's delivery judgements for the return's quarter, each checked by the model's own rule
    (``indicators.delivery.judgement_errors`` through ``clean``); an unchanged one writes nothing."""
    quarter = record.reporting_quarter
    existing = {
        j.indicator_id: j
        for j in DeliveryJudgement.objects.select_for_update()
        .in_quarter(quarter.period)
        .filter(area=record.area, indicator__in=[j.indicator for j in judgements])
    }
    source = f"{record.area.name} quarterly return, {quarter.period.label}"
    for new in judgements:
        judgement = existing.get(new.indicator.pk) or DeliveryJudgement(
            indicator=new.indicator, area=record.area, year=quarter.year, quarter=quarter.quarter
        )
        reason = new.reason.strip()
        if judgement.pk and (judgement.status, judgement.reason) == (new.status, reason):
            continue  # unchanged: it keeps its author and source (a co-ordinator's judgement stays theirs)
        judgement.status, judgement.reason, judgement.source = new.status, reason, source
        judgement.entered_by = user
        judgement._history_user = user
        setattr(judgement, signals.SAVING_WITH_THE_RETURN, True)  # the return moves its own version
        try:
            judgement.full_clean(validate_unique=False, validate_constraints=False)  # matched on its key above
        except ValidationError as exc:
            raise ReturnError(f"{new.indicator.code}: {' '.join(exc.messages)}.") from None
        judgement.save()


def _enter(
    action, reporting_quarter, area, user, version, entries, milestone_updates, judgements=(), seen=NOT_CHECKED
) -> Return:
    """What saving and submitting share: the manager's check, the lock, the version, the entries, the new status."""
    entries, milestone_updates, judgements = list(entries), list(milestone_updates), list(judgements)
    roles.require_area_manager(user, area)
    with transaction.atomic():
        quarter, record = _lock(reporting_quarter, area)
        _check_open(quarter)
        if record is not None:
            next_status(record.status, action)
        _check_version(record, version, quarter, area, seen)
        if record is None:
            try:
                with transaction.atomic():
                    record = Return.objects.create(reporting_quarter=quarter, area=area, updated_by=user)
            except IntegrityError:
                # Someone else started this return between our read and our write.
                _check_version(Return.objects.get(reporting_quarter=quarter, area=area), version, quarter, area)
                raise
        _save_entries(record, entries, user)
        _save_milestones(milestone_updates, record, user)
        _save_judgements(record, judgements, user)
        record.status = next_status(record.status, action)
        record.version += 1
        record.updated_by = user
        if action == "submit":
            record.submitted_by, record.submitted_at = user, timezone.now()
        record._history_user = user
        record.save()
        return record


def return_save_draft(
    *, reporting_quarter, area, user, version: int, entries=(), milestone_updates=(), judgements=(), seen=NOT_CHECKED
) -> Return:
    """Keep the manager's figures, commentary, delivery judgements and milestone updates; the return stays with them."""
    return _enter("save", reporting_quarter, area, user, version, entries, milestone_updates, judgements, seen)


def return_submit(
    *, reporting_quarter, area, user, version: int, entries=(), milestone_updates=(), judgements=(), seen=NOT_CHECKED
) -> Return:
    """Save and send the return to the Board; the manager can no longer change it."""
    return _enter("submit", reporting_quarter, area, user, version, entries, milestone_updates, judgements, seen)


def _decide(*, action, record: Return, user, version: int, reason: str = "") -> Return:
    roles.require_board_officer(user)
    with transaction.atomic():
        quarter, locked = _lock(record.reporting_quarter, record.area)
        if locked is None:
            raise IllegalTransition("This return has not been started.")
        _check_open(quarter)
        locked.status = next_status(locked.status, action)
        _check_version(locked, version, quarter, locked.area)
        if action == "send_back":
            locked.returned_reason = reason
        locked.decided_by, locked.decided_at = user, timezone.now()
        locked.version += 1
        locked.updated_by = user
        locked._history_user = user
        locked.save()
        return locked


def return_approve(*, record: Return, user, version: int) -> Return:
    """Accept a submitted return: its figures become the area's published figures."""
    return _decide(action="approve", record=record, user=user, version=version)


def return_send_back(*, record: Return, user, version: int, reason: str) -> Return:
    """Return a submitted return to its manager with the reason, so they can correct and resubmit it."""
    reason = (reason or "").strip()
    if not reason:
        raise ReturnError("Enter the reason for returning it, so the manager knows what to correct.")
    return _decide(action="send_back", record=record, user=user, version=version, reason=reason)


def quarter_open(*, year: FinancialYear, quarter: int, user) -> ReportingQuarter:
    """Open a quarter for returns (creating it if needed). Administrators only."""
    _require_administrator(user)
    with transaction.atomic():
        reporting_quarter, _ = ReportingQuarter.objects.select_for_update().get_or_create(year=year, quarter=quarter)
        reporting_quarter.is_open, reporting_quarter.opened_at = True, timezone.now()
        reporting_quarter._history_user = user
        reporting_quarter.save()
        return reporting_quarter


def quarter_close(*, reporting_quarter: ReportingQuarter, user) -> ReportingQuarter:
    """Close a quarter: nothing in it changes until an administrator opens it again."""
    _require_administrator(user)
    with transaction.atomic():
        locked = ReportingQuarter.objects.select_for_update().get(pk=reporting_quarter.pk)
        locked.is_open, locked.closed_at = False, timezone.now()
        locked._history_user = user
        locked.save()
        return locked


def _require_administrator(user) -> None:
    if not roles.is_administrator(user):
        raise PermissionDenied("Only administrators open and close quarters.")
