"""Deleting a user must not erase who made their changes: users with changes are deactivated instead."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.urls import reverse

from core.periods import FinancialYear
from indicators.models import Measurement

pytestmark = pytest.mark.django_db

REFUSED = "Not deleted:"


@pytest.fixture
def author(blaby_manager, ni20, blaby):
    """A manager who has changed a figure (a history row names them)."""
    figure = Measurement(indicator=ni20, area=blaby, year=FinancialYear(2010), quarter=1, value=5)
    figure._history_user = blaby_manager
    figure.save()
    return blaby_manager


@pytest.fixture
def newcomer(seeded):
    return User.objects.create_user("newcomer", password="unused-password-123")


def _messages(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(node.get_text(" ", strip=True) for node in soup.select(".messagelist li"))


def test_deleting_a_user_who_made_changes_is_refused_with_the_reason(client, administrator, author):
    client.force_login(administrator)
    url = reverse("admin:auth_user_delete", args=[author.pk])

    page = client.get(url, follow=True)
    response = client.post(url, {"post": "yes"}, follow=True)

    for shown in (page, response):
        assert shown.status_code == 200
        text = _messages(shown)
        assert f"{REFUSED} {author} made changes" in text
        assert "1 history entry" in text
        assert "Deactivate" in text
    assert User.objects.filter(pk=author.pk, is_active=True).exists()
    assert Measurement.history.filter(history_user=author).exists()


def test_bulk_deleting_users_including_one_who_made_changes_deletes_nobody(client, administrator, author, newcomer):
    client.force_login(administrator)
    count = User.objects.count()

    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [author.pk, newcomer.pk], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert REFUSED in _messages(response)
    assert User.objects.count() == count


def test_a_user_recorded_only_as_a_returns_submitter_is_not_deleted(client, administrator, blaby_manager, blaby):
    from returns.models import ReportingQuarter, Return

    record = Return.objects.create(reporting_quarter=ReportingQuarter.objects.get(), area=blaby)
    Return.objects.filter(pk=record.pk).update(submitted_by=blaby_manager)  # no history row, only the field
    client.force_login(administrator)

    response = client.post(reverse("admin:auth_user_delete", args=[blaby_manager.pk]), {"post": "yes"}, follow=True)

    assert "1 returns (submitted by)" in _messages(response)
    assert User.objects.filter(pk=blaby_manager.pk).exists()


def test_a_user_who_made_no_changes_can_still_be_deleted(client, administrator, newcomer):
    client.force_login(administrator)

    response = client.post(reverse("admin:auth_user_delete", args=[newcomer.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=newcomer.pk).exists()


def test_deactivating_users_keeps_their_name_on_their_changes(client, administrator, author):
    client.force_login(administrator)

    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [author.pk]},
        follow=True,
    )

    assert response.status_code == 200
    author.refresh_from_db()
    assert author.is_active is False
    assert Measurement.history.filter(history_user=author).exists()
    assert User.history.filter(id=author.pk, is_active=False, history_user=administrator).exists()
