"""Point 1: every page needs a signed-in user; failed sign-ins are throttled per username and address with a
cool-off; sessions expire after inactivity on the server; logout ends the session on the server."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "a-sign-in-test-password"


@pytest.fixture
def person(seeded):
    return get_user_model().objects.create_user("sign-in-person", password=PASSWORD)


def _sign_in(client, username, password, address="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("path", ["/", "/returns/", "/returns/2010-11-q3/blaby/", "/indicators/", "/funding/"])
def test_every_page_needs_a_signed_in_user(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_sign_in_page_is_open(client, seeded):
    assert client.get("/accounts/login/").status_code == 200


def test_repeated_failures_pause_that_username_from_that_address(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "sign-in-person", "wrong").status_code == 200
    assert _sign_in(client, "sign-in-person", "wrong").status_code == 429
    locked = _sign_in(client, "sign-in-person", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_pause_does_not_lock_out_others_behind_the_same_proxy(client, person, settings, seeded):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "board", "wrong")  # an attacker guessing one username from the council's proxy
    assert _sign_in(client, "sign-in-person", PASSWORD).status_code == 302  # a colleague behind it signs in


def test_the_same_username_from_another_address_still_signs_in(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "sign-in-person", "wrong", address="10.0.0.1")
    assert _sign_in(client, "sign-in-person", PASSWORD, address="10.9.9.9").status_code == 302


def test_the_pause_ends_by_itself_after_the_cool_off(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "sign-in-person", "wrong")
    assert _sign_in(client, "sign-in-person", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert _sign_in(client, "sign-in-person", PASSWORD).status_code == 302


def test_a_session_expires_on_the_server_after_inactivity(client, person, settings):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    _sign_in(client, "sign-in-person", PASSWORD)
    assert client.get("/returns/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/returns/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_activity_moves_the_expiry_on(client, person):
    _sign_in(client, "sign-in-person", PASSWORD)
    client.get("/returns/")
    # A minute or more since the last refresh: the next request slides the expiry forward.
    session = client.session
    session["_activity"] = int(time.time()) - 61
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get("/returns/")
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=20)


def test_page_views_within_a_minute_do_not_write_the_session(client, person):
    _sign_in(client, "sign-in-person", PASSWORD)
    client.get("/returns/")
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=10))
    client.get("/returns/")
    assert Session.objects.get().expire_date < timezone.now() + timedelta(minutes=11)


def test_logout_ends_the_session_on_the_server(client, person):
    _sign_in(client, "sign-in-person", PASSWORD)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert client.get("/accounts/logout/").status_code == 405  # POST only
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
