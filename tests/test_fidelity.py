"""Fidelity: a fixed sample of the documents' figures, as written, is in the loaded data and on a page.

Each row names the seed document, its table (or paragraph), the item (the words that stand in the same
table row or list entry on the page) and the value exactly as the document writes it. The test checks
the value is in the seeded data, then opens the page that shows it as a signed-in board officer and finds
the item and the value together in one table row or list entry (thousands commas aside: the site writes
1,150 where a table says 1150). Money (grants, pooled contributions, reward funding) and seed 003's reported
summary tables are checked on the funding pages and the 2006/07 Q3 dashboard.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from core.periods import FinancialYear
from funding.models import AgreementResource, Contribution, Grant
from indicators.models import Agreement, Baseline, Indicator, ReportedSummary, Target
from partnerships.facts import AreaFact, ListedItem
from partnerships.plans import PlanActivity, ServiceContribution

pytestmark = pytest.mark.django_db

COUNTY_PLAN = "Leicestershire County Council Community Safety Plan 2006-09"
ACTIVITIES = "004 Priority Activities and Key Actions"


@dataclass(frozen=True)
class Figure:
    document: str
    table: str
    item: str
    value: str

    def __str__(self):
        return f"{self.document} {self.table[:30]} {self.item[:30]} = {self.value}"


# The rows live in a data file (one [document, table, item, value] per line, with each section's meaning).
_ROWS = yaml.safe_load((Path(__file__).parent / "data" / "fidelity.yaml").read_text(encoding="utf-8"))
FACTS, PLAN, LISTS, TARGETS, BASELINES, SEED_003, MONEY_GRANTS, CONTRIBUTIONS_IN, REWARD, REPORTED = (
    [Figure(*row) for row in _ROWS[section]]
    for section in (
        "facts",
        "plan",
        "lists",
        "targets",
        "baselines",
        "seed_003",
        "money_grants",
        "contributions_in",
        "reward",
        "reported",
    )
)
MONEY = MONEY_GRANTS + CONTRIBUTIONS_IN + REWARD


def _pounds(amount) -> str:
    return f"£{amount:,.0f}"


def _grant(figure):
    grant = Grant.objects.filter(title=figure.item).first()
    found = grant is not None and figure.value in (grant.amount_text, _pounds(grant.amount))
    return found, grant and f"/funding/grants/{grant.pk}/"


def _contribution(figure):
    title, contributor = figure.item.split(": ")
    row = Contribution.objects.filter(grant__title=title, contributor=contributor).select_related("grant").first()
    found = row is not None and _pounds(row.amount) == figure.value
    return found, row and f"/funding/grants/{row.grant.pk}/"


def _reward(figure):
    row = AgreementResource.objects.filter(title=figure.item).first()
    return row is not None and figure.value in (row.amount_text, _pounds(row.amount)), "/funding/"


def _reported(figure):
    scope, measure = figure.item.split(": ")
    row = ReportedSummary.objects.filter(
        scope=ReportedSummary.Scope.REWARD if scope.startswith("Reward") else ReportedSummary.Scope.ALL,
        measure=measure,
        year=FinancialYear(2006),
        quarter=3,
    ).first()
    return row, f"/?area={row.area.slug}&year=2006/07&quarter=3" if row else None


def _fact(figure):
    fact = AreaFact.objects.filter(topic=figure.table, label=figure.item, value_text=figure.value).first()
    if fact is None:
        return None, None
    area = fact.areas.order_by("pk").first()
    return fact, (area or fact.agency or fact.partnership).get_absolute_url()


def _plan_row(figure):
    if figure.table == ACTIVITIES:
        row = PlanActivity.objects.filter(
            plan__title=COUNTY_PLAN, activity__startswith=figure.item, timescale=figure.value
        )
    else:
        row = ServiceContribution.objects.filter(plan__title=COUNTY_PLAN, service=figure.item, contact=figure.value)
    row = row.select_related("plan__agency").first()
    return row, row and row.plan.agency.get_absolute_url()


def _listed(figure):
    item = ListedItem.objects.filter(list_title=figure.table, number=int(figure.item), text=figure.value).first()
    owner = item and (item.partnership or item.agency or item.area)
    return item, owner and owner.get_absolute_url()


def _target(figure):
    code = figure.table.split(", ")[1].split(" Assault")[0].split(" Problem")[0]
    area, year = figure.item.rsplit(" ", 1)
    target = Target.objects.filter(
        indicator__code=code, area__name=area, year=FinancialYear.parse(year), is_indicative=False
    ).first()
    found = target is not None and target.value == Decimal(figure.value)
    return found, target and target.indicator.get_absolute_url()


def _baseline(figure):
    baseline = Baseline.objects.filter(indicator__code="NI 21", area__name=figure.item, value_text=figure.value).first()
    return baseline, baseline and baseline.indicator.get_absolute_url()


def _seed_003(figure):
    if figure.item.startswith("LAA"):
        agreement = Agreement.objects.filter(code=figure.item, description__contains=figure.value).first()
        return agreement, "/indicators/"
    indicator = Indicator.objects.filter(code=figure.item, notes__contains=figure.value).first()
    return indicator, indicator and indicator.get_absolute_url()


SAMPLE = (
    [(f, _fact) for f in FACTS]
    + [(f, _plan_row) for f in PLAN]
    + [(f, _listed) for f in LISTS]
    + [(f, _target) for f in TARGETS]
    + [(f, _baseline) for f in BASELINES]
    + [(f, _seed_003) for f in SEED_003]
    + [(f, _grant) for f in MONEY_GRANTS]
    + [(f, _contribution) for f in CONTRIBUTIONS_IN]
    + [(f, _reward) for f in REWARD]
    + [(f, _reported) for f in REPORTED]
)


def _words(text: str) -> str:
    """Whitespace collapsed and thousands commas dropped, so '1,150' on the page matches '1150' as written."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", " ".join(text.split()))


def _row_words(figure) -> list[str]:
    """What must stand beside the value: the row's label (targets: area and year; lists: nothing else)."""
    if figure in LISTS or figure in MONEY_GRANTS:
        return []
    if figure in CONTRIBUTIONS_IN:
        return [figure.item.split(": ")[1]]
    if figure in SEED_003:
        return [] if figure.item.startswith("LAA") else ["Notes from the documents"]
    return figure.item.rsplit(" ", 1) if figure in TARGETS else [figure.item]


_PAGES: dict[str, BeautifulSoup] = {}


def _page(client, url) -> BeautifulSoup:
    """Each page is fetched once per run (the seeded data does not change between these tests)."""
    if url not in _PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        _PAGES[url] = BeautifulSoup(response.content, "html.parser")
    return _PAGES[url]


def _shown(page, figure) -> bool:
    value = re.compile(r"(?<![\d.])" + re.escape(_words(figure.value)) + r"(?![\d])")
    # One table row, list entry, paragraph or summary row: never a container holding the whole page.
    for element in page.find_all(["tr", "li", "p"]) + page.select("div.govuk-summary-list__row"):
        text = _words(element.get_text(" "))
        if value.search(text) and all(_words(word) in text for word in _row_words(figure)):
            return True
    return False


def test_the_sample_covers_every_document_with_at_least_150_figures():
    documents = {figure.document for figure, _ in SAMPLE}
    assert documents == {"000", "001", "002", "003", "004"}
    assert len(SAMPLE) >= 150
    assert len({figure for figure, _ in SAMPLE}) == len(SAMPLE)  # no row counted twice


@pytest.mark.parametrize(("figure", "lookup"), SAMPLE, ids=[str(figure) for figure, _ in SAMPLE])
def test_figure_is_in_the_data_and_on_a_page(client, board_officer, figure, lookup):
    found, url = lookup(figure)
    assert found, f"{figure}: not in the loaded data"
    client.force_login(board_officer)
    assert _shown(_page(client, url), figure), f"{figure}: not shown on {url}"
