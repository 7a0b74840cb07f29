"""Return services: the workflow, illegal steps, closed quarters, the concurrency conflict, history rows."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from core.periods import FinancialYear
from indicators.models import Measurement
from partnerships.models import Milestone
from returns import services
from returns.models import Return, ReturnStatus
from returns.services import Entry, MilestoneUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(ni20, li11):
    return [
        Entry(indicator=ni20, value=Decimal("0.8602"), numerator=Decimal(80), denominator=Decimal(93000)),
        Entry(indicator=li11, value=Decimal(95), commentary="Above target."),
    ]


def _save(quarter, area, user, entries, version=0, **kw):
    return services.return_save_draft(
        reporting_quarter=quarter, area=area, user=user, version=version, entries=entries, **kw
    )


def _submitted(quarter, area, user, entries):
    record = _save(quarter, area, user, entries)
    return services.return_submit(reporting_quarter=quarter, area=area, user=user, version=record.version)


def test_a_draft_saves_figures_linked_to_the_return(open_quarter, blaby, blaby_manager, entries, ni20):
    record = _save(open_quarter, blaby, blaby_manager, entries)
    assert (record.status, record.version) == (ReturnStatus.DRAFT, 1)
    figure = Measurement.objects.get(indicator=ni20, area=blaby, year=FinancialYear(2010), quarter=3)
    assert figure.value == Decimal("0.8602")
    assert figure.return_record == record
    assert figure.entered_by == blaby_manager


def test_an_empty_figure_writes_no_row_never_a_zero(open_quarter, blaby, blaby_manager, ni20):
    _save(open_quarter, blaby, blaby_manager, [Entry(indicator=ni20, value=None)])
    assert not Measurement.objects.filter(indicator=ni20, area=blaby, quarter=3).exists()


def test_draft_submitted_approved(open_quarter, blaby, blaby_manager, board_officer, entries, ni20):
    record = _submitted(open_quarter, blaby, blaby_manager, entries)
    assert record.status == ReturnStatus.SUBMITTED
    assert record.submitted_by == blaby_manager
    record = services.return_approve(record=record, user=board_officer, version=record.version)
    assert record.status == ReturnStatus.APPROVED
    assert record.decided_by == board_officer
    published = Measurement.objects.published().filter(area=blaby, quarter=3)
    assert published.count() == 2


def test_draft_figures_are_not_published(open_quarter, blaby, blaby_manager, entries):
    _save(open_quarter, blaby, blaby_manager, entries)
    assert not Measurement.objects.published().filter(area=blaby, quarter=3).exists()


def test_returned_with_a_reason_then_corrected_and_resubmitted(
    open_quarter, blaby, blaby_manager, board_officer, entries
):
    record = _submitted(open_quarter, blaby, blaby_manager, entries)
    record = services.return_send_back(
        record=record, user=board_officer, version=record.version, reason="LI 11 looks doubled"
    )
    assert (record.status, record.returned_reason) == (ReturnStatus.RETURNED, "LI 11 looks doubled")
    record = _save(open_quarter, blaby, blaby_manager, entries, version=record.version)
    assert record.status == ReturnStatus.RETURNED
    record = services.return_submit(
        reporting_quarter=open_quarter, area=blaby, user=blaby_manager, version=record.version
    )
    assert record.status == ReturnStatus.SUBMITTED


def test_returning_needs_a_reason(open_quarter, blaby, blaby_manager, board_officer, entries):
    record = _submitted(open_quarter, blaby, blaby_manager, entries)
    with pytest.raises(services.ReturnError, match="reason"):
        services.return_send_back(record=record, user=board_officer, version=record.version, reason="  ")
    assert Return.objects.get(pk=record.pk).status == ReturnStatus.SUBMITTED


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", "approve"),
        ("draft", "send_back"),
        ("returned", "approve"),
        ("submitted", "save"),
        ("submitted", "submit"),
        ("approved", "save"),
        ("approved", "submit"),
        ("approved", "approve"),
        ("approved", "send_back"),
    ],
)
def test_illegal_transitions_are_refused(status, action):
    with pytest.raises(services.IllegalTransition):
        services.next_status(status, action)


def test_a_submitted_return_is_read_only_to_its_manager(open_quarter, blaby, blaby_manager, entries, li11):
    record = _submitted(open_quarter, blaby, blaby_manager, entries)
    with pytest.raises(services.IllegalTransition):
        _save(open_quarter, blaby, blaby_manager, [Entry(indicator=li11, value=Decimal(1))], version=record.version)
    assert Measurement.objects.get(indicator=li11, area=blaby, quarter=3).value == Decimal(95)


def test_an_approved_return_cannot_be_approved_again(open_quarter, blaby, blaby_manager, board_officer, entries):
    record = _submitted(open_quarter, blaby, blaby_manager, entries)
    record = services.return_approve(record=record, user=board_officer, version=record.version)
    with pytest.raises(services.IllegalTransition):
        services.return_approve(record=record, user=board_officer, version=record.version)


def test_a_closed_quarter_changes_for_no_one(
    open_quarter, blaby, blaby_manager, board_officer, administrator, entries, li11
):
    record = _submitted(open_quarter, blaby, blaby_manager, entries)
    services.quarter_close(reporting_quarter=open_quarter, user=administrator)
    with pytest.raises(services.QuarterClosed):
        services.return_approve(record=record, user=board_officer, version=record.version)
    with pytest.raises(services.QuarterClosed):
        _save(open_quarter, blaby, blaby_manager, [Entry(indicator=li11, value=Decimal(1))], version=record.version)
    assert Return.objects.get(pk=record.pk).status == ReturnStatus.SUBMITTED


def test_only_administrators_open_and_close_quarters(open_quarter, board_officer, blaby_manager, administrator):
    for user in (board_officer, blaby_manager):
        with pytest.raises(PermissionDenied):
            services.quarter_close(reporting_quarter=open_quarter, user=user)
    closed = services.quarter_close(reporting_quarter=open_quarter, user=administrator)
    assert not closed.is_open
    reopened = services.quarter_open(year=FinancialYear(2010), quarter=3, user=administrator)
    assert reopened.pk == open_quarter.pk and reopened.is_open


def test_services_refuse_the_wrong_role(open_quarter, blaby, melton_manager, board_officer, blaby_manager, entries):
    with pytest.raises(PermissionDenied):
        _save(open_quarter, blaby, melton_manager, entries)
    with pytest.raises(PermissionDenied):
        _save(open_quarter, blaby, board_officer, entries)
    record = _submitted(open_quarter, blaby, blaby_manager, entries)
    with pytest.raises(PermissionDenied):
        services.return_approve(record=record, user=blaby_manager, version=record.version)
    assert Return.objects.get(pk=record.pk).status == ReturnStatus.SUBMITTED


def test_the_later_of_two_saves_is_refused_with_what_changed(open_quarter, blaby, blaby_manager, entries, li11):
    first = _save(open_quarter, blaby, blaby_manager, entries)
    opened_version = first.version  # two people open the page at version 1
    newer = Entry(indicator=li11, value=Decimal(97), commentary="Above target.")
    _save(open_quarter, blaby, blaby_manager, [newer], version=opened_version)
    with pytest.raises(services.ReturnConflict) as conflict:
        _save(open_quarter, blaby, blaby_manager, [Entry(indicator=li11, value=Decimal(12))], version=opened_version)
    assert conflict.value.current_version == 2
    assert [(c.what, c.old, c.new) for c in conflict.value.changes] == [("LI 11 (NI 40) figure", "95", "97")]
    assert Measurement.objects.get(indicator=li11, area=blaby, quarter=3).value == Decimal(97)


def test_two_people_starting_the_same_return_conflict(open_quarter, blaby, blaby_manager, entries, li11):
    _save(open_quarter, blaby, blaby_manager, entries, version=0)
    with pytest.raises(services.ReturnConflict):
        _save(open_quarter, blaby, blaby_manager, [Entry(indicator=li11, value=Decimal(12))], version=0)


def test_every_change_is_kept_as_history(open_quarter, blaby, blaby_manager, board_officer, entries, li11):
    record = _save(open_quarter, blaby, blaby_manager, entries)
    record = _save(
        open_quarter,
        blaby,
        blaby_manager,
        [Entry(indicator=li11, value=Decimal(90), commentary="Fewer referrals.")],
        version=record.version,
    )
    figure = Measurement.objects.get(indicator=li11, area=blaby, quarter=3)
    rows = list(figure.history.order_by("history_date"))
    assert [r.value for r in rows] == [Decimal(95), Decimal(90)]
    assert {r.history_user for r in rows} == {blaby_manager}
    record = services.return_submit(reporting_quarter=open_quarter, area=blaby, user=blaby_manager, version=2)
    services.return_approve(record=record, user=board_officer, version=record.version)
    statuses = list(Return.history.filter(id=record.pk).order_by("history_date").values_list("status", "history_user"))
    assert statuses[-2:] == [("submitted", blaby_manager.pk), ("approved", board_officer.pk)]


def test_milestone_updates_are_saved_with_history(open_quarter, blaby, blaby_manager, blaby_milestone):
    _save(
        open_quarter,
        blaby,
        blaby_manager,
        [],
        milestone_updates=[MilestoneUpdate(milestone=blaby_milestone, status="amber", note="Late start")],
    )
    milestone = Milestone.objects.get(pk=blaby_milestone.pk)
    assert (milestone.status, milestone.note, milestone.updated_by) == ("amber", "Late start", blaby_manager)
    assert milestone.history.latest("history_date").history_user == blaby_manager


def test_a_manager_cannot_update_another_partnerships_milestone(open_quarter, melton, melton_manager, blaby_milestone):
    with pytest.raises(PermissionDenied):
        _save(
            open_quarter,
            melton,
            melton_manager,
            [],
            milestone_updates=[MilestoneUpdate(milestone=blaby_milestone, status="red")],
        )
    assert Milestone.objects.get(pk=blaby_milestone.pk).status == "not_started"
    assert not Return.objects.filter(area=melton).exists()
