"""Area facts and listed items: a stated total checked against its lines, and the one-owner rule."""

from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup

from partnerships.facts import AreaFact, ListedItem, fact_total_checks
from partnerships.models import Agency, Partnership
from partnerships.selectors import fact_groups


def _fact(pk, label, value, part_of=None, breakdown=""):
    return AreaFact(
        pk=pk, topic="T", label=label, value=D(value), value_text=value, part_of_id=part_of, breakdown=breakdown
    )


@pytest.mark.parametrize(
    ("lines", "computed", "differs"),
    [
        ({"by category": ["611", "207", "1"]}, {"by category": D("819")}, {"by category": False}),
        ({"by category": ["611", "207"]}, {"by category": D("818")}, {"by category": True}),
        (
            {"by category": ["611", "207", "1"], "by level": ["771", "33", "14"]},
            {"by category": D("819"), "by level": D("818")},
            {"by category": False, "by level": True},
        ),
    ],
)
def test_each_split_of_a_stated_total_is_checked_on_its_own(lines, computed, differs):
    total = _fact(1, "Total", "819")
    parts = [_fact(None, "line", v, 1, split) for split, values in lines.items() for v in values]
    checks = {c.label: c for c in fact_total_checks(total, parts)}
    assert {k: c.computed for k, c in checks.items()} == computed
    assert {k: c.differs for k, c in checks.items()} == differs


def test_fact_groups_keep_the_order_and_check_totals_from_the_lines_given():
    total = _fact(1, "Total", "3")
    groups = fact_groups([total, _fact(2, "a", "1", 1, "x"), _fact(3, "b", "1", 1, "x")])
    assert [g.topic for g in groups] == ["T"]
    [check] = groups[0].checks
    assert (check.computed, check.differs, check.gap) == (D("2"), True, D("1"))


@pytest.mark.django_db
def test_a_total_its_lines_disagree_with_is_flagged_on_the_page(client, board_officer):
    AreaFact.objects.filter(label="Category 3 (other dangerous offenders)").update(value=2)
    client.force_login(board_officer)
    page = BeautifulSoup(client.get("/partnerships/mappa-smb/").content, "html.parser")
    flags = [p.get_text(" ", strip=True) for p in page.find_all("p") if "by category" in p.get_text()]
    assert flags == [
        "MAPPA offenders managed throughout the year, by category: the lines add up to 820 against the stated 819: "
        "Flag: differs by 1"
    ]


@pytest.mark.django_db
def test_a_listed_item_with_two_owners_is_refused_with_a_message(client, administrator):
    client.force_login(administrator)
    before = ListedItem.objects.count()
    response = client.post(
        "/admin/partnerships/listeditem/add/",
        {
            "partnership": Partnership.objects.get(slug="snwp").pk,
            "agency": Agency.objects.get(name="Leicestershire County Council").pk,
            "list_title": "Two owners",
            "number": "1",
            "text": "x",
            "source": "test",
        },
    )
    assert response.status_code == 200
    assert "A listed item belongs to exactly one partnership, agency or area." in response.content.decode()
    assert ListedItem.objects.count() == before
