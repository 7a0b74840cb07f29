"""The one access helper for a return: the page with what the user may do with it, asked once per request."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from partnerships import roles
from partnerships.models import DeliveryStatus
from returns import services
from returns.access import Rights, get_return_for_user
from returns.models import ReportingQuarter, ReturnStatus
from returns.services import MilestoneUpdate
from tests.returns.conftest import figures, return_url

pytestmark = pytest.mark.django_db

# The return page for Blaby's manager after a saved draft with one milestone: session and user (2), the URL's
# quarter and area (2), groups (1), the partnerships and areas the user manages (1, asked once: it was 2, one
# more for each "may they?"), the data version (1), the page's indicators, targets, figures, delivery judgements,
# return and milestones (6), when any of it was last written (1), the history of changes (4: figures, delivery judgements, milestones, return), whether
# any figure is synthetic (1). Pinned exactly so a new constant query shows here. Opened again with no write between,
# the page, its entries and its history are kept for that data version: only who may see it is asked again.
RETURN_PAGE_QUERIES = 19
RETURN_PAGE_KEPT_QUERIES = 8


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_areas_manager_may_view_and_edit_an_open_draft_but_not_decide(blaby_manager, open_quarter, blaby):
    page, rights = get_return_for_user(_request(blaby_manager), open_quarter.slug, blaby.slug)
    assert (page.area, page.reporting_quarter) == (blaby, open_quarter)
    assert rights == Rights(view=True, manage=True, edit=True, decide=False)


def test_a_board_officer_may_decide_a_submitted_return_but_not_edit_it(
    client, blaby_manager, board_officer, open_quarter, blaby, ni20, li11
):
    services.return_submit(reporting_quarter=open_quarter, area=blaby, user=blaby_manager, version=0)
    page, rights = get_return_for_user(_request(board_officer), open_quarter.slug, blaby.slug)
    assert page.status == ReturnStatus.SUBMITTED
    assert rights == Rights(view=True, manage=False, edit=False, decide=True)
    _, managers_rights = get_return_for_user(_request(blaby_manager), open_quarter.slug, blaby.slug)
    assert managers_rights == Rights(view=True, manage=True, edit=False, decide=False)


def test_nobody_may_edit_or_decide_in_a_closed_quarter(blaby_manager, board_officer, open_quarter, blaby):
    ReportingQuarter.objects.filter(pk=open_quarter.pk).update(is_open=False)
    for user in (blaby_manager, board_officer):
        _, rights = get_return_for_user(_request(user), open_quarter.slug, blaby.slug)
        assert rights.view and not rights.edit and not rights.decide


@pytest.mark.parametrize("who", ["melton_manager", "no_role_user"])
def test_someone_elses_return_is_refused(request, who, open_quarter, blaby):
    with pytest.raises(PermissionDenied):
        get_return_for_user(_request(request.getfixturevalue(who)), open_quarter.slug, blaby.slug)


def test_asking_several_times_whether_a_user_manages_an_area_reads_once(
    blaby_manager, blaby, melton, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the user's groups, then the partnerships and areas they manage
        answers = [roles.manages_area(blaby_manager, area) for area in (blaby, melton, blaby)]
    assert answers == [True, False, True]


def test_saving_several_milestones_checks_the_manager_once(blaby_manager, open_quarter, blaby, blaby_milestone):
    second = type(blaby_milestone).objects.create(
        action=blaby_milestone.action, year=blaby_milestone.year, quarter=3, title="Second"
    )
    updates = [
        MilestoneUpdate(milestone=m, status=DeliveryStatus.COMPLETE, note="Done") for m in (blaby_milestone, second)
    ]
    with CaptureQueriesContext(connection) as ctx:
        services.return_save_draft(
            reporting_quarter=open_quarter, area=blaby, user=blaby_manager, version=0, milestone_updates=updates
        )
    managers = [q["sql"] for q in ctx.captured_queries if "partnerships_partnership_managers" in q["sql"]]
    assert len(managers) == 1


def test_the_return_page_query_count(
    client, blaby_manager, open_quarter, blaby, ni20, li11, blaby_milestone, django_assert_num_queries
):
    client.force_login(blaby_manager)
    data = figures(ni20, li11, **{f"m{blaby_milestone.pk}-status": "green", f"m{blaby_milestone.pk}-note": ""})
    assert client.post(return_url(open_quarter, blaby), data).status_code == 302
    with django_assert_num_queries(RETURN_PAGE_QUERIES):
        response = client.get(return_url(open_quarter, blaby))
    assert response.status_code == 200
    with django_assert_num_queries(RETURN_PAGE_KEPT_QUERIES):
        assert client.get(return_url(open_quarter, blaby)).status_code == 200
