"""Financial years and quarters: parsing, ordering and dates (no database)."""

from datetime import date

import pytest

from core.periods import FinancialYear, PeriodError, Quarter, parse_period, quarter_from_slug, quarter_slug


@pytest.mark.parametrize(
    ("text", "start_year"),
    [
        ("2009/10", 2009),
        (" 2009/10 ", 2009),
        ("2009-10", 2009),
        ("2009/2010", 2009),
        ("1999/00", 1999),
        ("FY2012/13", 2012),
    ],
)
def test_financial_year_parses_the_ways_people_write_it(text, start_year):
    assert FinancialYear.parse(text).start_year == start_year


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2009/11", "second year must follow the first"),
        ("2009", "write it as 2009/10"),
        ("09/10", "write it as 2009/10"),
        ("next year", "write it as 2009/10"),
        ("", "write it as 2009/10"),
        ("2009/10 Q5", "write it as 2009/10"),
    ],
)
def test_financial_year_rejects_bad_text_with_a_clear_message(text, message):
    with pytest.raises(PeriodError, match=message):
        FinancialYear.parse(text)


def test_financial_year_rejects_non_text():
    with pytest.raises(PeriodError):
        FinancialYear.parse(2009)


def test_financial_year_knows_its_dates_and_label():
    year = FinancialYear(2009)
    assert (year.start, year.end) == (date(2009, 4, 1), date(2010, 3, 31))
    assert str(year) == "2009/10"
    assert date(2010, 3, 31) in year
    assert date(2010, 4, 1) not in year


@pytest.mark.parametrize(
    ("day", "label"),
    [(date(2010, 3, 31), "2009/10"), (date(2010, 4, 1), "2010/11"), (date(2009, 12, 25), "2009/10")],
)
def test_financial_year_containing_a_date(day, label):
    assert FinancialYear.containing(day).label == label


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2009/10 Q1", date(2009, 4, 1), date(2009, 6, 30)),
        ("2009/10 Q2", date(2009, 7, 1), date(2009, 9, 30)),
        ("2009/10 Q3", date(2009, 10, 1), date(2009, 12, 31)),
        ("2009/10 Q4", date(2010, 1, 1), date(2010, 3, 31)),
        ("2011-12 q4", date(2012, 1, 1), date(2012, 3, 31)),
    ],
)
def test_quarter_parses_and_knows_its_dates(text, start, end):
    quarter = Quarter.parse(text)
    assert (quarter.start, quarter.end) == (start, end)


def test_quarter_three_report_covers_april_to_december():
    quarter = Quarter.parse("2006/07 Q3")
    assert quarter.year_to_date_start == date(2006, 4, 1)
    assert quarter.end == date(2006, 12, 31)
    assert quarter.months == "October–December"


@pytest.mark.parametrize("text", ["2009/10 Q0", "2009/10 Q5", "2009/10", "Q3", "2009/11 Q1", "2009/10 Q 3x"])
def test_quarter_rejects_bad_text(text):
    with pytest.raises(PeriodError):
        Quarter.parse(text)


def test_quarter_number_must_be_one_to_four():
    with pytest.raises(PeriodError, match="Q1–Q4"):
        Quarter(FinancialYear(2009), 5)


def test_periods_order_chronologically():
    labels = ["2010/11 Q1", "2009/10 Q4", "2009/10 Q1", "2008/09 Q3"]
    assert [q.label for q in sorted(Quarter.parse(t) for t in labels)] == [
        "2008/09 Q3",
        "2009/10 Q1",
        "2009/10 Q4",
        "2010/11 Q1",
    ]
    assert sorted([FinancialYear(2010), FinancialYear(2008)]) == [FinancialYear(2008), FinancialYear(2010)]


def test_quarter_arithmetic_crosses_year_boundaries():
    q4 = Quarter.parse("2009/10 Q4")
    assert q4.next().label == "2010/11 Q1"
    assert q4.next().previous() == q4
    assert q4.same_quarter_last_year().label == "2008/09 Q4"
    assert Quarter.containing(date(2010, 2, 14)) == q4


def test_parse_period_returns_year_or_quarter():
    assert parse_period("2009/10") == FinancialYear(2009)
    assert parse_period("2009/10 Q3") == Quarter(FinancialYear(2009), 3)


@pytest.mark.parametrize(
    ("quarter", "slug"),
    [(Quarter(FinancialYear(2010), 3), "2010-11-q3"), (Quarter(FinancialYear(1999), 4), "1999-00-q4")],
)
def test_a_quarter_slug_reads_back_as_the_same_quarter(quarter, slug):
    assert quarter_slug(quarter) == slug
    assert quarter_from_slug(slug) == quarter


@pytest.mark.parametrize("slug", ["2010-12-q3", "2010-11-q5", "2010/11-q3", "2010-2011-q3", "", "1800-01-q1"])
def test_a_slug_that_names_no_quarter_is_refused(slug):
    with pytest.raises(PeriodError):
        quarter_from_slug(slug)
