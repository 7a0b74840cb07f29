"""Point 1: every page needs a signed-in user; failed sign-ins are throttled per username and address with a
cool-off; sessions expire after inactivity on the server; logout ends the session on the server."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db.models import F
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


def test_a_wrong_password_says_so_in_the_title_and_links_the_problem_to_the_username(client, person):
    page = BeautifulSoup(_sign_in(client, "sign-in-person", "wrong").content, "html.parser")
    assert page.title.get_text(strip=True) == "Error: Sign in – Safer Communities"
    assert page.h1.get_text(strip=True) == "Sign in"
    problem = page.select_one(".govuk-error-summary__list a")
    assert problem["href"] == "#id_username" and page.select_one("#id_username") is not None


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


def _lock_out(client, username, **extra):
    for _ in range(5):
        client.post("/accounts/login/", {"username": username, "password": "wrong"}, **extra)


def test_attempts_during_the_pause_do_not_extend_it(client, person, settings):
    """Anyone could otherwise keep a named user locked out with one wrong password per cool-off."""
    settings.AXES_FAILURE_LIMIT = 5
    _lock_out(client, "sign-in-person", REMOTE_ADDR="10.0.0.1")
    # The pause started long enough ago that it ends in 30 seconds.
    started = timezone.now() - settings.AXES_COOLOFF_TIME + timedelta(seconds=30)
    AccessAttempt.objects.update(attempt_time=started)
    assert _sign_in(client, "sign-in-person", "wrong").status_code == 429  # the attacker again
    assert _sign_in(client, "sign-in-person", PASSWORD).status_code == 429  # the real user, too early
    assert AccessAttempt.objects.get().attempt_time == started
    # A minute later the pause has ended, whatever was tried during it.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=1))
    assert _sign_in(client, "sign-in-person", PASSWORD).status_code == 302


def test_the_pause_page_says_when_to_try_again(client, person, settings):
    _lock_out(client, "sign-in-person", REMOTE_ADDR="10.0.0.1")
    response = _sign_in(client, "sign-in-person", PASSWORD)
    assert response.status_code == 429
    ends = timezone.localtime(AccessAttempt.objects.get().attempt_time + settings.AXES_COOLOFF_TIME)
    text = BeautifulSoup(response.content, "html.parser").select_one("main").get_text(" ", strip=True)
    assert f"try again after {ends:%-I:%M}{ends:%p}".lower() in text.lower()
    assert f"{ends:%-d %B %Y}" in text


def test_behind_the_trusted_proxy_each_client_is_counted_separately(client, person, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    # An attacker forging X-Forwarded-For with the victim's address: the proxy appends the real one.
    _lock_out(client, "sign-in-person", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"
    attacker = _sign_in_via(client, proxy, "203.0.113.5")
    assert attacker.status_code == 429
    victim = _sign_in_via(client, proxy, "198.51.100.7")
    assert victim.status_code == 302


def test_without_the_trusted_proxy_setting_x_forwarded_for_is_ignored(client, person, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(settings.AXES_FAILURE_LIMIT):
        # A different made-up address each time cannot dodge the count.
        client.post(
            "/accounts/login/",
            {"username": "sign-in-person", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    assert {a.ip_address for a in AccessAttempt.objects.all()} == {"10.0.0.1"}
    assert _sign_in_via(client, "10.0.0.1", "192.0.2.200").status_code == 429


def _sign_in_via(client, proxy, address):
    return client.post(
        "/accounts/login/",
        {"username": "sign-in-person", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=address,
    )
