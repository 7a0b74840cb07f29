"""Fixtures for the read API: a token, and figures in draft, submitted and approved returns."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from api import services
from core.periods import FinancialYear
from indicators.models import Indicator
from returns import services as returns_services
from returns.models import ReportingQuarter
from returns.services import Entry


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The throttle counts in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token(board_officer):
    _record, raw = services.token_create(user=board_officer, name="Power BI")
    return raw


@pytest.fixture
def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


# Values no seeded figure has, so a test can search every response for them.
DRAFT_VALUE = Decimal("0.8611")
SUBMITTED_VALUE = Decimal("0.8622")
APPROVED_VALUE = Decimal("0.8633")


@pytest.fixture
def unpublished(seeded, blaby, melton, blaby_manager, melton_manager, board_officer):
    """Blaby's 2010/11 Q3 NI 20 figure in a draft return, Melton's in a submitted one; Q2 Blaby approved."""
    ni20 = Indicator.objects.get(code="NI 20")
    q3 = ReportingQuarter.objects.get(year=FinancialYear(2010), quarter=3)
    returns_services.return_save_draft(
        reporting_quarter=q3, area=blaby, user=blaby_manager, version=0, entries=[Entry(ni20, DRAFT_VALUE)]
    )
    draft = returns_services.return_save_draft(
        reporting_quarter=q3, area=melton, user=melton_manager, version=0, entries=[Entry(ni20, SUBMITTED_VALUE)]
    )
    returns_services.return_submit(reporting_quarter=q3, area=melton, user=melton_manager, version=draft.version)
    return ni20
