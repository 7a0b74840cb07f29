"""Delivery judgements, reported summaries and commentary (issue 11 point 6; seed 003, Q3 2006/07)."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.imports.io import result_errors, table_import
from core.periods import FinancialYear
from indicators.delivery import compare_counts, judgement_errors
from indicators.models import DeliveryJudgement, Indicator, IndicatorCommentary, ReportedSummary, Target
from indicators.resources import DeliveryJudgementResource
from partnerships.models import Area
from returns.models import ReportingQuarter

Q3_2006 = {"year": FinancialYear(2006), "quarter": 3}
REPORT = "Scrutiny Commission 28 March 2007, LAA Safer Communities theme"


# --- The one rule (form, admin, import and model share it) ---------------------------------------------


@pytest.mark.parametrize(
    "status, reason, fields",
    [
        ("green", "Arrangements in place", set()),
        ("amber", "Project team being set up", set()),
        ("red", "Neighbourhood boundaries not finalised", set()),
        ("red", "", {"reason"}),
        ("amber", "   \n ", {"reason"}),
        ("green", None, {"reason"}),
        ("purple", "A reason", {"status"}),
        ("", "", {"status", "reason"}),
        (None, "A reason", {"status"}),
        ("red", "x" * 4001, {"reason"}),
        ("red", "bad \x00 byte", {"reason"}),
    ],
)
def test_judgement_rule(status, reason, fields):
    assert set(judgement_errors(status, reason)) == fields


@pytest.mark.parametrize(
    "reported, computed, reasons, agrees, difference",
    [
        ({"Green": 2, "Red": 0}, {"Green": 2, "Missing": 0}, (), True, "the same."),
        ({"Green": 2}, {"Green": 1, "Missing": 1}, ("no figures",), False, "no figures."),
        ({"Green": 2}, {"Green": 1}, (), False, "they differ, and no reason is recorded."),
        ({"Green": 1, "Not available": None}, {"Green": 1}, (), True, "the same."),
    ],
)
def test_compare_counts(reported, computed, reasons, agrees, difference):
    comparison = compare_counts(reported, computed, reasons=reasons)
    assert comparison.agrees is agrees
    assert comparison.difference == difference
    assert comparison.reported_total == sum(v or 0 for v in reported.values())


# --- Seed 003 -----------------------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytestmark_db
@pytest.mark.parametrize(
    "scope, measure, green, amber, red, last, label, stated",
    [
        ("all", "outcomes", 8, 4, 0, 6, "Not available", 18),
        ("all", "delivery", 13, 3, 2, None, "", 18),
        ("reward", "outcomes", 3, 1, 0, 1, "Not measurable yet", 5),
        ("reward", "delivery", 5, 0, 0, None, "", 5),
    ],
)
def test_seed_003_summary_tables_as_printed(seeded, scope, measure, green, amber, red, last, label, stated):
    row = ReportedSummary.objects.get(
        document=REPORT, area__name="Leicestershire", scope=scope, measure=measure, **Q3_2006
    )
    assert (row.green, row.amber, row.red, row.not_available, row.not_available_label) == (
        green,
        amber,
        red,
        last,
        label,
    )
    assert row.targets_stated == stated  # paragraph 13: 18 targets in 2006/07, of which 5 are reward targets
    assert row.total == stated and not row.disagrees_with_stated
    assert row.source.startswith("003 paragraph 15")


@pytestmark_db
@pytest.mark.parametrize(
    "letter, code, words",
    [
        ("a", "LAA1 reward a", "reported incidents of Domestic Violence by 5% by March 2009"),
        ("b", "1.2", "from 30% to 20%"),
        ("c", "2.2", "by 18.7%"),
        ("d", "LAA1 reward d", "overall crime categories associated with prolific offenders"),
        ("e", "5.2", "prevented from further offending by 6%"),
    ],
)
def test_seed_003_reward_targets_a_to_e_are_indicators_with_their_flag(seeded, letter, code, words):
    indicator = Indicator.objects.get(reward_label=f"003 paragraph 13 ({letter})")
    assert indicator.code == code
    assert indicator.reward_status == "reward"
    assert indicator.agreement.code == "LAA 2006-09"
    assert words in f"{indicator.definition} {indicator.notes}"
    assert "003 paragraph 13" in indicator.source


@pytestmark_db
def test_seed_003_targets_a_and_d_keep_their_words_and_no_invented_value(seeded):
    for code in ("LAA1 reward a", "LAA1 reward d"):
        target = Target.objects.get(indicator__code=code, area__name="Leicestershire", year=FinancialYear(2006))
        assert target.value is None and target.rule_text and target.source.startswith("003 paragraph 13")
    assert Indicator.objects.filter(agreement__code="LAA 2006-09", reward_status="reward").count() == 5


@pytestmark_db
@pytest.mark.parametrize(
    "code, status",
    [("7.1", "red"), ("7.2", "red"), ("1.2", "green"), ("2.2", "green"), ("5.2", "green")]
    + [("LAA1 reward a", "green"), ("LAA1 reward d", "green")],
)
def test_seed_003_delivery_judgements(seeded, code, status):
    judgement = DeliveryJudgement.objects.get(indicator__code=code, area__name="Leicestershire", **Q3_2006)
    assert judgement.status == status
    assert judgement.reason and judgement.source.startswith("003 paragraph")


@pytestmark_db
def test_seed_003_judgements_are_no_more_than_the_text_gives(seeded):
    """Red 2 of 2 and reward Green 5 of 5 follow from the text; the other 11 Green and 3 Amber are not known."""
    judged = DeliveryJudgement.objects.filter(area__name="Leicestershire", **Q3_2006)
    assert judged.filter(status="red").count() == 2
    assert judged.filter(status="green").count() == 5
    assert not judged.filter(status="amber").exists()


@pytestmark_db
@pytest.mark.parametrize(
    "code, heading, words, source",
    [
        ("1.1", "Six months review", "overall crime reduction", "003 paragraph 14"),
        ("4.2", "Six months review", "Class A drugs seizures", "003 paragraph 14"),
        ("5.1", "Six months review", "completely turned round", "003 paragraph 14"),
        ("7.1", "Targets on Red", "delivery arrangements not yet being in place", "003 paragraphs 16-17"),
        ("7.2", "Targets on Red", "neighbourhood action teams", "003 paragraphs 16-17"),
        ("1.1", "Targets on Amber", "most notably in Charnwood", "003 paragraph 18"),
        ("LAA1 reward d", "Targets on Amber", "prolific offenders reward target", "003 paragraph 18"),
        ("4.1", "Targets on Amber", "numbers in drugs treatment", "003 paragraph 19"),
        ("4.2", "Targets on Amber", "definition agreed", "003 paragraph 20"),
    ],
)
def test_seed_003_review_and_narrative_as_commentary(seeded, code, heading, words, source):
    comment = IndicatorCommentary.objects.get(
        indicator__code=code, area__name="Leicestershire", heading=heading, **Q3_2006
    )
    assert words in comment.text
    assert comment.source.startswith(source)


# --- Pages --------------------------------------------------------------------------------------------


@pytestmark_db
def test_dashboard_q3_2006_07_shows_the_report_beside_computed(client, board_officer):
    client.force_login(board_officer)
    response = client.get(reverse("dashboard"), {"year": "2006/07", "quarter": "3"})
    page = BeautifulSoup(response.content, "html.parser")
    table = page.find("caption", id="reported-caption").find_parent("table")
    rows = {tr.th.get_text(" ", strip=True).split(" Source")[0]: tr for tr in table.tbody.find_all("tr")}
    assert set(rows) == {
        "All indicators: outcomes",
        "All indicators: delivery",
        "Reward indicators: outcomes",
        "Reward indicators: delivery",
    }
    outcomes = [td.get_text(" ", strip=True) for td in rows["All indicators: outcomes"].find_all("td")]
    assert outcomes[0] == "18 indicators (Green 8, Amber 4, Red 0, Not available 6)"
    assert outcomes[1].startswith("19 indicators (")
    assert "The report counts 18 targets and 19 indicators are loaded for 2006/07" in outcomes[2]
    assert "the quarterly figures of 2006/07 are not in the documents" in outcomes[2]
    delivery = [td.get_text(" ", strip=True) for td in rows["All indicators: delivery"].find_all("td")]
    assert delivery[0] == "18 indicators (Green 13, Amber 3, Red 2)"
    assert delivery[1] == "19 indicators (Green 5, Red 2, No judgement recorded 12)"
    reward = [td.get_text(" ", strip=True) for td in rows["Reward indicators: delivery"].find_all("td")]
    assert reward[:2] == ["5 reward indicators (Green 5, Amber 0, Red 0)", "5 reward indicators (Green 5)"]
    assert reward[2].startswith("The same.")
    assert "7 of 19 indicators have a delivery judgement recorded for the quarter; 12 have none" in delivery[2]
    assert "Appendix 3" in delivery[2]


@pytestmark_db
def test_dashboard_of_a_quarter_without_a_report_has_no_reported_panel(client, board_officer):
    client.force_login(board_officer)
    response = client.get(reverse("dashboard"), {"year": "2009/10", "quarter": "3"})
    assert response.status_code == 200
    assert b'id="reported-caption"' not in response.content


@pytestmark_db
def test_indicator_page_shows_delivery_judgement_and_commentary(client, board_officer):
    client.force_login(board_officer)
    response = client.get(reverse("indicators:detail", args=["laa1-7-1"]))
    page = BeautifulSoup(response.content, "html.parser")
    table = page.find("caption", id="judgements-caption").find_parent("table")
    cells = [td.get_text(" ", strip=True) for td in table.tbody.tr.find_all("td")]
    assert cells[:3] == ["2006/07 Q3", "Leicestershire", "Red – arrangements not in place"]
    assert "Source: 003 paragraphs 16-17" in cells[3]
    assert "Targets on Red" in page.find(id="commentary").find_next("dl").get_text()


# --- Every write path refuses a judgement without a reason ---------------------------------------------


def _judgement(**fields):
    return DeliveryJudgement(
        indicator=Indicator.objects.get(code="3.1"),
        area=Area.objects.get(name="Leicestershire"),
        **({"year": FinancialYear(2006), "quarter": 3, "status": "amber", "reason": ""} | fields),
    )


@pytestmark_db
def test_model_clean_refuses_no_reason(seeded):
    with pytest.raises(ValidationError) as caught:
        _judgement().full_clean()
    assert "Give the reason" in str(caught.value)


@pytestmark_db
def test_database_refuses_no_reason_and_unknown_status(seeded):
    for fields in ({"reason": ""}, {"reason": "why", "status": "purple"}, {"reason": "why", "quarter": 5}):
        with pytest.raises(IntegrityError), transaction.atomic():
            _judgement(**fields).save()


@pytestmark_db
def test_import_refuses_no_reason_and_writes_nothing(seeded):
    data = (
        b"indicator,area,year,quarter,status,reason,source\n"
        b"3.1,Leicestershire,2006/07,3,amber,Common recording still being built,test\n"
        b"6.1,Leicestershire,2006/07,3,red,,test\n"
    )
    result = table_import(
        resource_class=DeliveryJudgementResource, data=data, file_name="j.csv", dry_run=False, history_reason="t"
    )
    errors = " ".join(result_errors(result))
    assert "Line 3" in errors and "Give the reason" in errors
    assert not DeliveryJudgement.objects.filter(indicator__code__in=["3.1", "6.1"]).exists()


def _admin_fields(**more):
    """The admin's add form for LAA 3.1, Leicestershire, 2006/07 Q3, Amber."""
    area = Area.objects.get(name="Leicestershire").pk
    fields = {"indicator": Indicator.objects.get(code="3.1").pk, "area": area, "year": "2006/07", "quarter": "3"}
    return fields | {"status": "amber", "source": ""} | more


@pytestmark_db
def test_admin_add_refuses_no_reason_with_a_message_and_records_who(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:indicators_deliveryjudgement_add")
    fields = _admin_fields()
    refused = client.post(url, fields | {"reason": ""})
    assert refused.status_code == 200 and b"Give the reason" in refused.content
    assert client.post(url, fields | {"reason": "Recording system not yet common"}).status_code == 302
    saved = DeliveryJudgement.objects.get(indicator__code="3.1", **Q3_2006)
    assert saved.entered_by == administrator
    assert saved.history.count() == 1


# --- The co-ordinator's page ----------------------------------------------------------------------------------


def _delivery_url(slug="laa1-3-1"):
    return reverse("indicators:delivery", args=[slug])


@pytestmark_db
def test_only_board_officers_and_administrators_record_judgements(client, blaby_manager, board_officer):
    client.force_login(blaby_manager)
    assert client.get(_delivery_url()).status_code == 403
    assert client.post(_delivery_url(), {"status": "red", "reason": "x"}).status_code == 403
    client.force_login(board_officer)
    assert client.get(_delivery_url()).status_code == 200
    detail = client.get(reverse("indicators:detail", args=["laa1-3-1"]))
    assert _delivery_url().encode() in detail.content


@pytestmark_db
def test_the_indicator_page_offers_no_link_to_a_csp_manager(client, blaby_manager):
    client.force_login(blaby_manager)
    assert _delivery_url().encode() not in client.get(reverse("indicators:detail", args=["laa1-3-1"])).content


@pytestmark_db
@pytest.mark.parametrize(
    "fields, message",
    [
        ({"status": "amber", "reason": ""}, "Give the reason"),
        ({"status": "", "reason": "Something"}, "Choose Green, Amber or Red"),
        ({"status": "purple", "reason": "Something"}, "Choose Green, Amber or Red"),
        ({"status": "red", "reason": "Something", "year": "2006-07x"}, "2006-07x"),
        ({"status": "red", "reason": "Something", "year": ""}, "Enter the financial year"),
        ({"status": "red", "reason": "Something", "quarter": "5"}, "Choose the quarter"),
        ({"status": "red", "reason": "Something", "area": "999999"}, "Choose an area from the list"),
        ({"status": "red", "reason": "bad \x00 byte"}, "control character"),
    ],
)
def test_bad_input_gets_the_rule_s_message_and_saves_nothing(client, board_officer, fields, message):
    client.force_login(board_officer)
    data = {"area": Area.objects.get(name="Leicestershire").pk, "year": "2006/07", "quarter": "3", **fields}
    response = client.post(_delivery_url(), data)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    summary = page.find(class_="govuk-error-summary")
    assert summary is not None and message in summary.get_text()
    assert all(link["href"] != "#" for link in summary.find_all("a"))
    assert not DeliveryJudgement.objects.filter(indicator__code="3.1").exists()


@pytestmark_db
def test_a_judgement_is_recorded_then_replaced_with_history_and_author(client, board_officer):
    client.force_login(board_officer)
    data = {"area": Area.objects.get(name="Leicestershire").pk, "year": "2006/07", "quarter": "3", "source": ""}
    first = client.post(_delivery_url(), data | {"status": "amber", "reason": "Common recording not in place yet"})
    assert first.status_code == 302 and first["Location"].endswith("/indicators/laa1-3-1/#delivery")
    client.post(_delivery_url(), data | {"status": "green", "reason": "Common recording in place"})
    judgement = DeliveryJudgement.objects.get(indicator__code="3.1", **Q3_2006)
    assert (judgement.status, judgement.reason, judgement.entered_by) == (
        "green",
        "Common recording in place",
        board_officer,
    )
    assert [h.status for h in judgement.history.order_by("history_date")] == ["amber", "green"]
    page = client.get(reverse("indicators:detail", args=["laa1-3-1"])).content.decode()
    assert "Common recording in place" in page and "Source: entered in this product" in page


# --- A closed quarter: nothing in it changes, judgements included -----------------------------------------------

CLOSED = "2006/07 Q3 is closed, so nothing in it can change."


def _close_2006_07_q3():
    ReportingQuarter.objects.create(year=FinancialYear(2006), quarter=3, is_open=False)


@pytestmark_db
def test_the_coordinators_page_refuses_a_judgement_in_a_closed_quarter(client, board_officer):
    # The page accepted one after the quarter had been closed: the Board's report would change under it.
    _close_2006_07_q3()
    client.force_login(board_officer)
    data = {"area": Area.objects.get(name="Leicestershire").pk, "year": "2006/07", "quarter": "3", "source": ""}
    response = client.post(_delivery_url(), data | {"status": "red", "reason": "Recording system not common"})
    assert response.status_code == 200
    summary = BeautifulSoup(response.content, "html.parser").find(class_="govuk-error-summary")
    assert summary is not None and CLOSED in summary.get_text(" ", strip=True)
    assert not DeliveryJudgement.objects.filter(indicator__code="3.1").exists()


@pytestmark_db
def test_the_admin_refuses_a_judgement_in_a_closed_quarter(client, administrator):
    _close_2006_07_q3()
    client.force_login(administrator)
    fields = _admin_fields(reason="Recording system not yet common")
    refused = client.post(reverse("admin:indicators_deliveryjudgement_add"), fields)
    assert refused.status_code == 200 and CLOSED.encode() in refused.content
    assert not DeliveryJudgement.objects.filter(indicator__code="3.1").exists()


def test_the_import_refuses_a_judgement_in_a_closed_quarter(seeded):
    _close_2006_07_q3()
    data = b"indicator,area,year,quarter,status,reason,source\n3.1,Leicestershire,2006/07,3,amber,Not common yet,t\n"
    result = table_import(
        resource_class=DeliveryJudgementResource, data=data, file_name="j.csv", dry_run=False, history_reason="t"
    )
    assert CLOSED.rstrip(".") in " ".join(result_errors(result))
    assert not DeliveryJudgement.objects.filter(indicator__code="3.1").exists()
