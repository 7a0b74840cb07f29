"""`manage.py seed` on an empty database, twice: same counts, nothing duplicated."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from funding.models import (
    Allocation,
    AllocationFormula,
    FormulaComponent,
    FormulaWeight,
    Funder,
    FundingStream,
    Grant,
    SpendLine,
    StatedTotal,
)
from indicators.models import Agreement, Baseline, Indicator, Measurement, Outcome, Target
from indicators.seeding import seed_counts
from partnerships.models import (
    Agency,
    Area,
    HeadlineAction,
    Membership,
    Milestone,
    Partnership,
    PartnershipPriority,
    PriorityHolding,
    PriorityTheme,
)

pytestmark = pytest.mark.django_db


def _empty_the_database():
    """Delete every seeded row, children first (the foreign keys PROTECT their parents)."""
    for model in (SpendLine, FormulaWeight, FormulaComponent, AllocationFormula, StatedTotal):
        model.objects.all().delete()
    Allocation.objects.update(parent=None)
    Allocation.objects.all().delete()
    Grant.objects.update(part_of=None)
    for model in (Grant, FundingStream, Funder, Measurement, Target, Baseline, Indicator, Outcome, Agreement):
        model.objects.all().delete()
    for model in (Milestone, HeadlineAction, PartnershipPriority, PriorityHolding, PriorityTheme, Membership):
        model.objects.all().delete()
    Partnership.objects.update(reports_to=None)
    Partnership.objects.all().delete()
    Agency.objects.all().delete()
    Area.objects.update(parent=None)
    Area.objects.all().delete()
    get_user_model().objects.all().delete()


def test_seed_twice_on_an_empty_database_gives_the_same_counts(seeded):
    _empty_the_database()
    assert set(seed_counts().values()) == {0}

    call_command("seed", "--demo-accounts", verbosity=0)
    first = seed_counts()
    users_first = get_user_model().objects.count()
    call_command("seed", "--demo-accounts", verbosity=0)

    assert seed_counts() == first
    assert get_user_model().objects.count() == users_first
    for model in ("Area", "Agency", "Partnership", "Indicator", "Target", "Baseline", "Grant", "Allocation"):
        assert first[model] > 0, model


def test_demo_accounts_cover_every_district_csp(seeded):
    managers = get_user_model().objects.filter(username__startswith="manager-")
    assert managers.count() == 7
    for manager in managers:
        partnerships = list(manager.managed_partnerships.all())
        assert len(partnerships) == 1
        assert partnerships[0].kind == Partnership.Kind.CSP


def test_demo_accounts_are_refused_outside_local_development(settings):
    from django.core.management.base import CommandError

    settings.DEMO_ACCOUNTS_ALLOWED = False
    with pytest.raises(CommandError, match="local development only"):
        call_command("seed", "--demo-accounts", verbosity=0)
