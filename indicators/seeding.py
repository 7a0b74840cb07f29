"""Services behind the ``seed`` command: derived fields after loading, and demo accounts."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify

from indicators.models import ReportingQuarter, Target
from indicators.periods import FinancialYear

SEED_DIR = Path(settings.BASE_DIR) / "fixtures" / "seed"

DEMO_PASSWORD = "safer-communities-demo"

# The latest quarter of LAA2 that the documents cover: the demo's open quarter for returns.
DEMO_OPEN_QUARTER = (FinancialYear(2010), 3)

COUNTED_MODELS = [
    "partnerships.Area",
    "partnerships.Agency",
    "partnerships.Partnership",
    "partnerships.Membership",
    "partnerships.PriorityTheme",
    "partnerships.PriorityHolding",
    "partnerships.PartnershipPriority",
    "partnerships.HeadlineAction",
    "partnerships.Milestone",
    "indicators.Agreement",
    "indicators.Outcome",
    "indicators.Indicator",
    "indicators.Baseline",
    "indicators.Target",
    "indicators.Measurement",
    "funding.Funder",
    "funding.FundingStream",
    "funding.Grant",
    "funding.Allocation",
    "funding.StatedTotal",
    "funding.AllocationFormula",
    "funding.FormulaComponent",
    "funding.FormulaWeight",
    "funding.SpendLine",
]


def refresh_derived_fields():
    """Fill slugs left blank and recompute every target's derived value and flag."""
    for label in (
        "partnerships.Area",
        "partnerships.Partnership",
        "partnerships.PriorityTheme",
        "indicators.Indicator",
    ):
        model = apps.get_model(label)
        for obj in model.objects.filter(slug=""):
            obj.save()
    targets = list(Target.objects.select_related("indicator"))
    for target in targets:
        target.refresh_derivation()
    Target.objects.bulk_update(targets, ["derived_value", "has_derivation_flag"])


def seed_counts() -> dict[str, int]:
    return {label.split(".")[1]: apps.get_model(label).objects.count() for label in COUNTED_MODELS}


def create_demo_accounts(stdout=None):
    """An administrator, a board officer and one manager per district CSP (idempotent)."""
    from partnerships.models import Partnership

    User = get_user_model()
    from partnerships import roles

    board, _ = Group.objects.get_or_create(name=roles.BOARD_OFFICERS)
    managers, _ = Group.objects.get_or_create(name=roles.CSP_MANAGERS)
    Group.objects.get_or_create(name=roles.ADMINISTRATORS)

    def account(username, **fields):
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    account(
        "admin",
        first_name="Demo",
        last_name="Administrator",
        is_staff=True,
        is_superuser=True,
        email="admin@example.org",
    )
    officer = account("board", first_name="Demo", last_name="Board Officer", email="board@example.org")
    officer.groups.add(board)
    created = ["admin", "board"]
    district_csps = Partnership.objects.csps().filter(areas__kind="district").distinct()
    for csp in district_csps.prefetch_related("areas"):
        areas = list(csp.areas.all())
        if len(areas) != 1:
            continue  # joint partnerships are managed by their districts' managers
        username = f"manager-{slugify(areas[0].name)}"
        user = account(
            username,
            first_name="Demo",
            last_name=f"CSP Manager, {areas[0].name}",
            email=f"{username}@example.org",
        )
        user.groups.add(managers)
        csp.managers.add(user)
        created.append(username)
    open_demo_quarter()
    if stdout:
        stdout.write(f"Demo accounts (password '{DEMO_PASSWORD}'): {', '.join(created)}")


def open_demo_quarter():
    """One open reporting quarter, so the demo has a return to fill in (idempotent; never reopens a closed one)."""
    year, quarter = DEMO_OPEN_QUARTER
    ReportingQuarter.objects.get_or_create(year=year, quarter=quarter, defaults={"is_open": True})
