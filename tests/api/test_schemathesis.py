"""schemathesis against our OpenAPI document: every operation, valid and invalid parameters, no 5xx, every
response (status, content type, headers, body) as the document says, and never an unpublished figure.

Runs in-process over WSGI inside one test transaction, 10 examples per operation and mode: about 1,070
requests, some 30 s of CPU (about a minute on a busy machine).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from api import selectors
from api.keyset import FORWARD, Keyset
from safercommunities.wsgi import application
from tests.api.conftest import DRAFT_VALUE, SUBMITTED_VALUE

pytestmark = pytest.mark.django_db

# Examples per operation and mode; 13 operations, positive and negative.
EXAMPLES = 10
CALLS = {}
OPERATIONS = 12


@pytest.fixture
def api_schema(unpublished, settings):
    settings.API_THROTTLE_PER_MINUTE = 0  # throttling has its own test; here every request must be answered
    # Called as a real WSGI app, Django would close the database connection after each request (and with it
    # the test's transaction); Django's own test client stops that the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    # The run's summary, seen with ``pytest -s``: requests made per operation.
    print(f"\nschemathesis: {sum(CALLS.values())} requests over {len(CALLS)} operations: {CALLS}")
    assert len(CALLS) == OPERATIONS, "the unpublished-figure check must have seen every operation"


def never_unpublished(ctx, response, case):
    """No response carries the draft or submitted figure (their values appear nowhere else)."""
    CALLS[case.operation.label] = CALLS.get(case.operation.label, 0) + 1
    text = response.text
    for value in (DRAFT_VALUE, SUBMITTED_VALUE):
        assert f"{value.normalize():f}" not in text, f"{case.operation.label} exposed an unpublished figure"


schema = schemathesis.pytest.from_fixture("api_schema")

BY_CURSOR = {"figures": selectors.figures, "targets": selectors.targets, "baselines": selectors.baselines}


def a_cursor_the_list_gave(case):
    """Whether a cursor is one the list gave only its signature says, which no schema can: a schema-valid
    cursor it did not give is rightly a 400 (test_keyset.py), so a positive case sends a real one, alone (a
    page number beside a cursor is a 400 too). Negative cases keep what schemathesis made."""
    name = case.operation.path.rsplit("/", 1)[-1]
    if name not in BY_CURSOR or "cursor" not in (case.query or {}) or not case.meta.generation.mode.is_positive:
        return
    rows = BY_CURSOR[name]()
    case.query["cursor"] = Keyset(rows, name).encode(FORWARD, rows.first())
    case.query.pop("page", None)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_answers_as_documented(case, token):
    a_cursor_the_list_gave(case)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, additional_checks=[never_unpublished])
