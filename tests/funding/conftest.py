import pytest
from django.contrib.auth import get_user_model

from funding.models import Allocation, Grant
from tests.seeded import seeded_row

slp_grant = seeded_row(Grant, title="Community Safety Fund Safer Leicester Partnership 2012/13")
abg_grant = seeded_row(Grant, title="ABG Safer Communities revenue 2010/11")
# Blaby's Community Safety Fund 2012/13 locality allocation: the Blaby manager records its spend.
blaby_csf = seeded_row(Allocation, grant__title="Community Safety Fund Leicestershire 2012/13", label="Blaby")


@pytest.fixture
def iom_slp(slp_grant):
    return Allocation.objects.get(grant=slp_grant, label="IOM")


@pytest.fixture
def slp_manager(seeded):
    """A CSP manager of the Safer Leicester Partnership (the seed has none), made in the test."""
    from django.contrib.auth.models import Group

    from partnerships.models import Partnership

    user = get_user_model().objects.create_user("manager-slp", password="x")
    user.groups.add(Group.objects.get(name="CSP managers"))
    Partnership.objects.get(name="Safer Leicester Partnership").managers.add(user)
    return user
