"""Error pages look like the site and carry the right status: 400, 403 (CSRF), 405, 500, 503 (database down),
and gunicorn's own page for a worker killed at its timeout; signed-in pages are never stored by shared caches."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.db import InterfaceError, OperationalError
from django.test import Client

BASE_DIR = Path(__file__).resolve().parent.parent


def _page(response_or_bytes):
    content = getattr(response_or_bytes, "content", response_or_bytes)
    return BeautifulSoup(content, "html.parser")


def _looks_like_the_site(page) -> str:
    """The site's header and footer are there; returns the page's heading."""
    assert page.select_one("header.govuk-header .app-header__service-name").get_text(strip=True) == "Safer Communities"
    assert page.select_one("footer.govuk-footer") is not None
    assert page.select_one("link[rel=stylesheet]")["href"].startswith("/static/")
    return page.select_one("main h1").get_text(strip=True)


@pytest.mark.django_db
def test_a_bad_request_page_looks_like_the_site(client, seeded):
    response = client.get("/", HTTP_HOST="not-our-host.example")
    assert response.status_code == 400
    assert _looks_like_the_site(_page(response)) == "Sorry, there is a problem with your request"


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_gets_a_page_that_looks_like_the_site(board_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(board_officer)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    page = _page(response)
    assert _looks_like_the_site(page) == "Your form could not be sent"
    assert "CSRF verification failed" not in page.get_text()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/logout/", "/funding/formulas/1/save/"])
def test_a_wrong_method_page_looks_like_the_site_and_keeps_allow(client, board_officer, path):
    client.force_login(board_officer)
    response = client.get(path)
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert _looks_like_the_site(_page(response)) == "This page cannot be opened that way"


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("gone")])
def test_a_database_outage_is_503_with_retry_after_not_500(board_officer, error):
    client = Client(raise_request_exception=False)
    client.force_login(board_officer)
    with mock.patch("indicators.views.statuses_for_areas", side_effect=error):
        response = client.get("/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert _looks_like_the_site(_page(response)) == "Sorry, the service is unavailable"


@pytest.mark.django_db
def test_a_signed_in_person_is_not_told_to_sign_in_during_an_outage(board_officer):
    # The outage page is rendered without the request (no session can be read), so it cannot know who is signed
    # in: it offers neither "Sign in" nor "Sign out".
    client = Client(raise_request_exception=False)
    client.force_login(board_officer)
    with mock.patch("indicators.views.statuses_for_areas", side_effect=OperationalError("gone")):
        page = _page(client.get("/"))
    header = page.select_one("header").get_text(" ", strip=True)
    assert "Sign in" not in header
    assert "Sign out" not in header


@pytest.mark.django_db
def test_any_other_crash_is_still_500_with_the_sites_page(board_officer):
    client = Client(raise_request_exception=False)
    client.force_login(board_officer)
    with mock.patch("indicators.views.statuses_for_areas", side_effect=ZeroDivisionError):
        response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert _looks_like_the_site(_page(response)) == "Sorry, there is a problem with the service"


# --- Caching: nothing a signed-in person sees is kept by shared caches --------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/returns/", "/funding/", "/indicators/", "/no-such-page/"])
def test_every_signed_in_page_says_no_store_private(client, blaby_manager, path):
    client.force_login(blaby_manager)
    response = client.get(path)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


@pytest.mark.django_db
def test_static_files_stay_cacheable_for_signed_in_people(client, blaby_manager, settings):
    client.force_login(blaby_manager)
    response = client.get("/favicon.ico")  # a redirect to a static file: no page content
    assert response.status_code == 302
    static = client.get(response["Location"])
    static.close()
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")


# --- Real outages: gunicorn with the production config, the database on a closed port -------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def gunicorn_with_database_down():
    """gunicorn started as production starts it (gunicorn.conf.py), with PostgreSQL on a port nobody listens on
    and a 2-second worker timeout; tests/gunicorn_app.py adds a /__slow__ path that outlives it."""
    port, closed = _free_port(), _free_port()
    env = {
        **os.environ,
        "DEBUG": "",
        "SECRET_KEY": "test-only-secret-key-for-the-error-page-test-not-used-anywhere-else",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": f"postgres://nobody@127.0.0.1:{closed}/nothing",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_TIMEOUT": "2",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tests.gunicorn_app:application"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        print(output.decode(errors="replace"))


def test_with_the_database_down_gunicorn_serves_503_with_retry_after(gunicorn_with_database_down):
    # A signed-in browser: its session must be read from the database.
    status, headers, body = _get(f"{gunicorn_with_database_down}/", Cookie="sessionid=abcdefghijklmnopqrstuvwxyz012345")
    assert status == 503
    assert int(headers["Retry-After"]) > 0
    assert _looks_like_the_site(_page(body)) == "Sorry, the service is unavailable"


def test_a_worker_killed_at_its_timeout_shows_the_sites_page_not_gunicorns(gunicorn_with_database_down):
    status, headers, body = _get(f"{gunicorn_with_database_down}/__slow__")
    assert status == 503
    assert int(headers["Retry-After"]) > 0
    page = _page(body)
    assert _looks_like_the_site(page) == "Sorry, the service is unavailable"
    assert "Internal Server Error" not in page.get_text()
