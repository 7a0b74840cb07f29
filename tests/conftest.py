"""Shared fixtures: the seeded database and the personas every view test uses."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from indicators.models import Indicator
from partnerships.models import Area
from tests.seeded import seeded_row


def _seed():
    call_command("seed", "--demo-accounts", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the source documents' data once per test session; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        _seed()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Every test starts with an empty page cache: the data version rolls back with each test's transaction,
    so the next test could reach the same number with other data."""
    cache.clear()


@pytest.fixture
def seeded(db):
    """The seed data, reloaded if a transactional (live server) test flushed the database."""
    if not Area.objects.exists():
        _seed()


# The personas every view test uses, and the places most tests name.
User = get_user_model()
administrator = seeded_row(User, username="admin")
board_officer = seeded_row(User, username="board")
blaby_manager = seeded_row(User, username="manager-blaby")
melton_manager = seeded_row(User, username="manager-melton")
blaby = seeded_row(Area, name="Blaby")
melton = seeded_row(Area, name="Melton")
ni20 = seeded_row(Indicator, code="NI 20")


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, with static files served as in production.

    The stock server answers /static/ from the app folders by un-hashed name, so
    hashed manifest names 404. Passing requests straight through lets WhiteNoise
    serve the collected, hashed, compressed files from STATIC_ROOT.
    """
    import django.contrib.staticfiles.handlers as handlers
    from pytest_django.live_server_helper import LiveServer

    original = handlers.StaticFilesHandler
    handlers.StaticFilesHandler = lambda application: application
    try:
        server = LiveServer("localhost")
    finally:
        handlers.StaticFilesHandler = original
    yield server
    server.stop()
