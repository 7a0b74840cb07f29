"""Fidelity: a fixed sample of the documents' figures, as written, is in the loaded data and on a page.

Each row names the seed document, its table (or paragraph), the item (the words that stand in the same
table row or list entry on the page) and the value exactly as the document writes it. The test checks
the value is in the seeded data, then opens the page that shows it as a signed-in board officer and finds
the item and the value together in one table row or list entry (thousands commas aside: the site writes
1,150 where a table says 1150). Money (grants, pooled contributions, reward funding) and seed 003's reported
summary tables are checked on the funding pages and the 2006/07 Q3 dashboard.
"""

import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from core.periods import FinancialYear
from funding.models import AgreementResource, Contribution, Grant
from indicators.models import Agreement, Baseline, Indicator, ReportedSummary, Target
from partnerships.facts import AreaFact, ListedItem
from partnerships.plans import PlanActivity, ServiceContribution
from tests.fidelity_facts import FACTS, F

pytestmark = pytest.mark.django_db

COUNTY_PLAN = "Leicestershire County Council Community Safety Plan 2006-09"
ACTIVITIES = "004 Priority Activities and Key Actions"
CONTRIBUTIONS = "004 Appendix 1, services' contributions"
# Seed 004, the County Council's action plan: item = the activity or service, value = its timescale or contact.
PLAN = [
    F("004", ACTIVITIES, "Carry out more comprehensive Equalities Impact Assessment of the Plan", "By December 2006"),
    F(
        "004",
        ACTIVITIES,
        "Carry out review of County Council's approach to Section 17 responsibilities.",
        "By July 2006",
    ),
    F("004", ACTIVITIES, "Countywide co-ordination of community safety and support of CDRPs and CSPB", "Ongoing"),
    F("004", ACTIVITIES, "Assist in development of LAA funding & commissioning process.", "Ongoing"),
    F("004", ACTIVITIES, "Complete Countywide Domestic Violence Strategy", "By April 2006"),
    F("004", ACTIVITIES, "Co-ordinate Domestic Violence LAA Reward Target", "From April 2006"),
    F("004", ACTIVITIES, "Contribute to multi-agency PPO Strategy", "Ongoing"),
    F("004", ACTIVITIES, "Social Services involved in all LOMPs", "Ongoing"),
    F("004", ACTIVITIES, "Continue to Implement Drugs Intervention Programme", "Ongoing"),
    F(
        "004",
        ACTIVITIES,
        "Increase number of County Council funded Police Community Support Officers from 28 to 50",
        "By March 2007",
    ),
    F("004", ACTIVITIES, "YISP early intervention", "From April 2006"),
    F("004", ACTIVITIES, "Targeted detached Youth work (also outcome 5)", "Ongoing"),
    F("004", ACTIVITIES, "Implement Adult Drug Treatment Plan", "Ongoing"),
    F(
        "004",
        ACTIVITIES,
        "Alcohol Harm Reduction Strategy Development",
        "During course of 2006 with implementation from April 2007",
    ),
    F(
        "004",
        ACTIVITIES,
        "Develop and implement Prevention Strategy for use of Youth Justice Board Youth Crime Prevention Grant.",
        "From 01-04-2005 and then ongoing",
    ),
    F(
        "004",
        ACTIVITIES,
        "Ensure use of County Council crime reduction monies is targeted at LAA outcomes 5 and 3",
        "From 01-04-2006",
    ),
    F("004", ACTIVITIES, "Contribute to CSPB / LAA Communication Strategy", "From April 2006"),
    F("004", ACTIVITIES, "Develop LCC services engagement in Neighbourhood Management.", "From April 2006"),
    F("004", CONTRIBUTIONS, "Communications", "Head of Communications"),
    F("004", CONTRIBUTIONS, "DAAT", "Leics. DAAT Co-ordinator"),
    F("004", CONTRIBUTIONS, "Research & Information", "Senior Information Officer"),
    F("004", CONTRIBUTIONS, "Youth Offending Service", "YOS Head of Operations"),
    F("004", CONTRIBUTIONS, "Libraries", "Service Delivery Manager"),
    F("004", CONTRIBUTIONS, "Regulatory Services", "Trading Standards Team"),
    F("004", CONTRIBUTIONS, "Education Psychology", "Bullying Strategy Manager"),
    F("004", CONTRIBUTIONS, "Youth Service", "Principal Youth Officer"),
    F("004", CONTRIBUTIONS, "Transport", "Public Transport Group Manager"),
    F("004", CONTRIBUTIONS, "Adult Protection", "Adult Protection Co-ordinator"),
    F("004", CONTRIBUTIONS, "Supporting People", "Supporting People Project Manager"),
    F("004", CONTRIBUTIONS, "Home Safety Group", "Principal Assistant"),
]

# Lists (seed 001, 002, 004): table = the list's heading, item = its number, value = the entry as written.
SUB_REGION = "Safer Communities Priorities: top priorities across the whole sub-region"
COMMISSIONING = "Agreed priorities of the Leicestershire Safer Communities Commissioning Plan"
LISTS = [
    F("002", SUB_REGION, "1", "Reduce re-offending"),
    F("002", SUB_REGION, "2", "Reduce anti-social behaviour"),
    F("002", SUB_REGION, "3", "Tackle domestic abuse"),
    F("002", SUB_REGION, "4", "Reduce the harm caused by substance misuse"),
    F(
        "002",
        COMMISSIONING,
        "3",
        "Continue to reduce anti-social behaviour, particularly in those areas with the highest levels of incidents",
    ),
    F("002", COMMISSIONING, "5", "Reduce substance-related crime and disorder"),
    F("002", COMMISSIONING, "6", "Reduce the costs by optimisation of all interventions and service delivery"),
    F("002", "Safer Communities Priorities: area-specific priorities, Rutland", "1", "Reduce volume crime"),
    F("002", "Agencies with a statutory duty to cooperate (DTC) in the MAPPA", "8", "Electronic Monitoring Providers"),
    F(
        "002",
        "HMCTS main priorities for improving operational performance",
        "1",
        "Speeding up the criminal justice process",
    ),
    F(
        "001",
        "The NWLDC Community Safety Team (co-ordinates the work of The Safer North West Partnership)",
        "2",
        "Anti-Social Behaviour Co-ordinator- full time post",
    ),
]

# Seed 000 Appendix 2: district targets (rates, the lower figure in each box) and NI 21 baselines.
NI20 = "000 Appendix 2, NI 20 Assault with injury crime rate"
LI11 = "000 Appendix 2, LI 11 (NI 40) Problem drug users in effective treatment"
NI21 = "000 Appendix 2, NI 21 baseline"
TARGETS = [
    F("000", NI20, "Leicestershire 2009/10", "5.24"),
    F("000", NI20, "Leicestershire 2010/11", "5.08"),
    F("000", NI20, "Blaby 2009/10", "3.34"),
    F("000", NI20, "Blaby 2010/11", "3.23"),
    F("000", NI20, "Charnwood 2009/10", "6.95"),
    F("000", NI20, "Charnwood 2010/11", "6.74"),
    F("000", NI20, "Harborough 2009/10", "3.24"),
    F("000", NI20, "Harborough 2010/11", "3.14"),
    F("000", NI20, "Hinckley and Bosworth 2009/10", "4.82"),
    F("000", NI20, "Hinckley and Bosworth 2010/11", "4.67"),
    F("000", NI20, "Melton 2009/10", "5.42"),
    F("000", NI20, "Melton 2010/11", "5.25"),
    F("000", NI20, "North West Leicestershire 2009/10", "6.45"),
    F("000", NI20, "North West Leicestershire 2010/11", "6.25"),
    F("000", NI20, "Oadby and Wigston 2009/10", "4.38"),
    F("000", NI20, "Oadby and Wigston 2010/11", "4.25"),
    F("000", LI11, "Leicestershire 2008/09", "1138"),
    F("000", LI11, "Leicestershire 2009/10", "1150"),
    F("000", LI11, "Leicestershire 2010/11", "1161"),
    F("000", LI11, "Blaby 2009/10", "92"),
    F("000", LI11, "Blaby 2010/11", "94"),
    F("000", LI11, "Charnwood 2009/10", "414"),
    F("000", LI11, "Charnwood 2010/11", "417"),
    F("000", LI11, "Harborough 2009/10", "150"),
    F("000", LI11, "Harborough 2010/11", "151"),
    F("000", LI11, "Hinckley and Bosworth 2009/10", "172"),
    F("000", LI11, "Hinckley and Bosworth 2010/11", "174"),
    F("000", LI11, "Melton 2009/10", "103"),
    F("000", LI11, "Melton 2010/11", "104"),
    F("000", LI11, "North West Leicestershire 2009/10", "150"),
    F("000", LI11, "North West Leicestershire 2010/11", "151"),
    F("000", LI11, "Oadby and Wigston 2009/10", "69"),
    F("000", LI11, "Oadby and Wigston 2010/11", "70"),
]
BASELINES = [
    F("000", NI21, "Leicestershire", "25.1% (2008 Place Survey)"),
    F("000", NI21, "Blaby", "27.5% (2008 Place Survey)"),
    F("000", NI21, "Charnwood", "25.2% (2008 Place Survey)"),
    F("000", NI21, "Harborough", "26.2% (2008 Place Survey)"),
    F("000", NI21, "Hinckley and Bosworth", "22.1% (2008 Place Survey)"),
    F("000", NI21, "Melton", "21.9% (2008 Place Survey)"),
    F("000", NI21, "North West Leicestershire", "24.9% (2008 Place Survey)"),
    F("000", NI21, "Oadby and Wigston", "27.1% (2008 Place Survey)"),
]
# Seed 003 paragraph 13, as main holds it: the LAA 2006-09 description and the reward targets in indicator notes.
P13 = "003 paragraph 13"
SEED_003 = [
    F("003", P13, "LAA 2006-09", "18 targets in 2006/07"),
    F("003", P13, "LAA 2006-09", "5 are reward targets"),
    F("003", P13, "1.2", "from 30% to 20%"),
    F("003", P13, "2.2", "by 18.7%"),
    F("003", P13, "5.2", "further offending by 6%"),
]

# Money as the funding pages show it: a grant's amount as written, a contribution to a pool, reward funding.
MONEY_GRANTS = [
    F("003", "003 paragraphs 10, 21 (pooled budget)", "LAA Safer Communities pooled budget 2006/07", "£1.08 million"),
    F("003", "003 paragraph 11 (aligned budget)", "YJB youth crime prevention grant 2006/07 (aligned budget)", "£270k"),
    F("002", "002 section 6, Drug Interventions Programme", "DIP pooled treatment budget 2011/12", "£3.3million"),
    F(
        "002",
        "002 section 3, VAL",
        "Community Action Against Crime Innovation Fund, Leicestershire 2011-13",
        "£242,505",
    ),
]
CONTRIBUTIONS_IN = [
    F("002", "002 section 6, DIP", "DIP pooled treatment budget 2011/12: Home Office DIP budget", "£621,000"),
    F(
        "002",
        "002 section 6, Youth Justice Grant",
        "Youth Justice Grant Leicester City 2011/12: Home Office",
        "£132,860",
    ),
    F(
        "002",
        "002 section 6, Youth Justice Grant",
        "Youth Justice Grant Leicestershire and Rutland 2011/12: Home Office",
        "£100,108",
    ),
]
REWARD = [
    F("003", "003 paragraph 21", "Reward funding if all the Safer block's reward targets are achieved", "£2.54m"),
    F("003", "003 paragraph 21", "Additional funding to meet the cost of achieving the reward targets", "£332,500"),
    F("003", "003 paragraph 21", "County Council resources for the non-reward targets", "£25,000"),
]
# Seed 003 paragraph 15's two summary tables, as printed, on the dashboard for 2006/07 Q3.
P15 = "003 paragraph 15"
REPORTED = [
    F("003", P15, "All indicators: outcomes", "Green 8, Amber 4, Red 0, Not available 6"),
    F("003", P15, "All indicators: delivery", "Green 13, Amber 3, Red 2"),
    F("003", P15, "Reward indicators: outcomes", "Green 3, Amber 1, Red 0, Not measurable yet 1"),
    F("003", P15, "Reward indicators: delivery", "Green 5, Amber 0, Red 0"),
]
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
