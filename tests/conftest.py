"""Shared fixtures: the seeded database and the personas every view test uses."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from indicators.models import Indicator
from partnerships.models import Area


def _seed():
    call_command("seed", "--demo-accounts", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the source documents' data once per test session; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        _seed()


@pytest.fixture
def seeded(db):
    """The seed data, reloaded if a transactional (live server) test flushed the database."""
    if not Area.objects.exists():
        _seed()


@pytest.fixture
def administrator(seeded):
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def board_officer(seeded):
    return get_user_model().objects.get(username="board")


@pytest.fixture
def blaby_manager(seeded):
    return get_user_model().objects.get(username="manager-blaby")


@pytest.fixture
def melton_manager(seeded):
    return get_user_model().objects.get(username="manager-melton")


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


@pytest.fixture
def blaby(seeded):
    return Area.objects.get(name="Blaby")


@pytest.fixture
def melton(seeded):
    return Area.objects.get(name="Melton")


@pytest.fixture
def ni20(seeded):
    return Indicator.objects.get(code="NI 20")
