"""Funding tables: render_ formats only, value_ gives clean export values (plain numbers, no £ or commas)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from core.display import format_money
from core.tables import NUMERIC, MoneyColumn, PageTable, plain_money
from funding.formula import PENNY
from funding.shares import BASIS_WORDS, years_between, years_label


class GrantTable(PageTable):
    year = tables.Column(accessor="financial_year", verbose_name="Year")
    title = tables.Column(verbose_name="Grant")
    stream = tables.Column(accessor="stream__name", verbose_name="Stream")
    recipient = tables.Column(verbose_name="Recipient", default="–")
    period = tables.Column(accessor="period_text", verbose_name="Period")
    amount = MoneyColumn(verbose_name="Grant (as stated)")
    allocated = MoneyColumn(verbose_name="Allocated (computed)")
    spent = MoneyColumn(verbose_name="Spent to date")
    by_year = tables.Column(verbose_name="Allocated by year", empty_values=())

    def render_by_year(self, record):
        return ("; ".join(by_year_words(record.by_year)) or "No lines") if len(record.years) > 1 else "–"

    def value_by_year(self, record):
        return "; ".join(by_year_words(record.by_year, plain_money)) if len(record.years) > 1 else ""

    def render_title(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', reverse("funding:grant", args=[record.pk]), record.title
        )

    def value_title(self, record):
        return record.title

    def value_year(self, record):
        return record.financial_year.label

    def render_amount(self, record):
        return grant_amount_words(record)

    def value_amount(self, record):
        return plain_money(record.amount)


def grant_amount_words(grant) -> str:
    """A grant's stated amount, marked when the document gives it as approximate (one rule for every page)."""
    if grant.amount is None:
        return "Not stated"
    if grant.amount_approximate:
        written = f", written “{grant.amount_text}”" if grant.amount_text else ""
        return f"{format_money(grant.amount)} (approximate{written})"
    return format_money(grant.amount)


def by_year_words(by_year, money=format_money) -> list[str]:
    """'2011/12: £184,750 (derived: …)' for each period of a grant's (or a line's) allocated money."""
    words = []
    for label, amount, bases in by_year:
        notes = "; ".join(sorted(BASIS_WORDS[b] for b in bases if BASIS_WORDS[b]))
        words.append(f"{label}: {money(amount)}{f' ({notes})' if notes else ''}")
    return words


class YearStreamTable(PageTable):
    year = tables.Column(accessor="label", verbose_name="Year")
    stream = tables.Column(accessor="stream__name", verbose_name="Stream")
    grants = tables.Column(verbose_name="Grants", attrs=NUMERIC)
    amount = MoneyColumn(verbose_name="Grants (as stated)")
    allocated = MoneyColumn(verbose_name="Allocated (computed)")
    spent = MoneyColumn(verbose_name="Spent to date")
    how = tables.Column(verbose_name="How placed in the year", default="")

    def render_grants(self, value):
        return len(value)

    def value_grants(self, value):
        return len(value)


class ContributionTable(PageTable):
    """Who puts money into a grant or pool (records: ``funding.selectors.ContributionRow``)."""

    contributor = tables.Column(verbose_name="Contributor")
    amount = MoneyColumn(verbose_name="Amount")
    how = tables.Column(verbose_name="How known")
    share_text = tables.Column(verbose_name="Share as written", default="")

    def render_amount(self, record):
        if record.amount is None:
            return "Not stated"
        return f"{format_money(record.amount)}{' (approximate)' if record.approximate else ''}"

    def value_amount(self, record):
        return plain_money(record.amount)


class AgreementResourceTable(PageTable):
    """An agreement's reward and target funding (records: ``funding.models.AgreementResource``)."""

    agreement = tables.Column(accessor="agreement_code", verbose_name="Agreement")
    block = tables.Column(verbose_name="Block", default="")
    title = tables.Column(verbose_name="What")
    years = tables.Column(accessor="start_year", verbose_name="Years")
    amount = MoneyColumn(verbose_name="Amount")
    provider = tables.Column(verbose_name="From", default="Not stated in the documents")
    payment_rule = tables.Column(verbose_name="Payment rule", default="Not stated in the documents")

    def render_years(self, record):
        return years_label(years_between(record.start_year.start, record.end_year.end))

    def value_years(self, record):
        return self.render_years(record)

    def render_amount(self, record):
        if record.approximate:
            return f"{format_money(record.amount)} (approximate, written “{record.amount_text}”)"
        return format_money(record.amount)

    def value_amount(self, record):
        return plain_money(record.amount)


class PartnershipMoneyTable(PageTable):
    year = tables.Column(verbose_name="Year")
    partnership = tables.Column(accessor="partnership__name", verbose_name="Partnership")
    stream = tables.Column(accessor="stream__name", verbose_name="Stream")
    grant = tables.Column(accessor="grant__title", verbose_name="Grant")
    label = tables.Column(verbose_name="Line")
    how = tables.Column(verbose_name="How")
    amount = MoneyColumn(verbose_name="Amount")

    def value_year(self, record):
        return record.year

    def render_grant(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', reverse("funding:grant", args=[record.grant.pk]), record.grant
        )

    def value_grant(self, record):
        return record.grant.title


class AllocationTable(PageTable):
    label = tables.Column(accessor="allocation__label", verbose_name="Allocation")
    category = tables.Column(accessor="allocation__get_category_display", verbose_name="Category")
    heading = tables.Column(accessor="allocation__heading", verbose_name="Heading")
    priority = tables.Column(accessor="allocation__priority__name", verbose_name="Priority", default="–")
    partnership = tables.Column(accessor="allocation__partnership__name", verbose_name="Partnership", default="–")
    amount = MoneyColumn(accessor="allocation__amount", verbose_name="Allocated")
    by_year = tables.Column(verbose_name="By year", empty_values=())
    spent = MoneyColumn(accessor="position__spent", verbose_name="Spent to date")
    percent = tables.Column(accessor="position__percent_spent", verbose_name="% spent", attrs=NUMERIC, default="–")
    flag = tables.Column(accessor="position__flag_word", verbose_name="Spend")

    def render_label(self, record):
        allocation = record.allocation
        note = f" ({allocation.amount_note})" if allocation.amount_note else ""
        return format_html(
            '<span class="govuk-!-padding-left-{}"><a class="govuk-link" href="{}">{}</a>{}</span>',
            (0, 4, 6, 8)[min(record.depth, 3)],
            reverse("funding:allocation", args=[allocation.pk]),
            allocation.label,
            note,
        )

    def value_label(self, record):
        return record.allocation.label

    def render_by_year(self, record):
        return "; ".join(by_year_words(record.by_year)) or "–"

    def value_by_year(self, record):
        return "; ".join(by_year_words(record.by_year, plain_money))

    def render_amount(self, record):
        if record.allocation.amount is None:
            return record.allocation.amount_note or "Not stated"
        return format_money(record.allocation.amount)

    def value_amount(self, record):
        return plain_money(record.allocation.amount)

    def render_percent(self, value):
        return f"{value}%"

    def value_percent(self, record):
        return record.position.percent_spent

    def value_flag(self, record):
        return record.position.flag_word

    def render_flag(self, record):
        position = record.position
        if position.is_flagged:
            return format_html('<strong class="app-flag">{}</strong>', position.flag_word)
        return position.flag_word


class SpendByQuarterTable(PageTable):
    quarter = tables.Column(verbose_name="Quarter")
    spent = MoneyColumn(verbose_name="Spent in the quarter")
    to_date = MoneyColumn(verbose_name="Spent to date")

    def value_quarter(self, record):
        return record["quarter"].label


class SpendLineTable(PageTable):
    quarter = tables.Column(verbose_name="Quarter")
    item = tables.Column(verbose_name="Item", default="–")
    amount = MoneyColumn(verbose_name="Amount")
    as_written = tables.Column(accessor="amount_text", verbose_name="As written", default="")
    commentary = tables.Column(verbose_name="Commentary", default="")
    entered_by = tables.Column(verbose_name="Entered by", default="From the documents")

    def value_quarter(self, record):
        return record["quarter"].label


class FormulaTable(PageTable):
    """Built per formula: one column per component, then the exact total, the rounded share and the stored one."""

    recipient = tables.Column(verbose_name="Partnership")
    exact_total = MoneyColumn(verbose_name="Exact total")
    rounded_total = MoneyColumn(verbose_name="Allocation (rounded to £)")
    stored = MoneyColumn(verbose_name="Allocated now")
    difference = MoneyColumn(verbose_name="Change")

    def __init__(self, data, *, components, **kwargs):
        extra = [(f"c{c.pk}", MoneyColumn(verbose_name=c.name)) for c in components]
        super().__init__(
            data,
            extra_columns=extra,
            sequence=(
                "recipient",
                *(name for name, _ in extra),
                "exact_total",
                "rounded_total",
                "stored",
                "difference",
            ),
            **kwargs,
        )

    def value_exact_total(self, value):
        return plain_money(value)

    def render_exact_total(self, value):
        return format_money(value.quantize(PENNY))


class MoneyByPriorityTable(PageTable):
    """Money joined to outcomes on a partnership's page (records: ``funding.selectors.PriorityMoney``)."""

    theme = tables.Column(accessor="theme__name", verbose_name="Priority")
    allocated = MoneyColumn(verbose_name="Allocated")
    allocations = tables.Column(verbose_name="Lines", attrs=NUMERIC)
    spent = MoneyColumn(verbose_name="Spent")
    percent = tables.Column(accessor="percent_spent", verbose_name="% spent", attrs=NUMERIC)
    indicators = tables.Column(accessor="statuses", verbose_name="Indicators", empty_values=())
    milestones = tables.Column(verbose_name="Milestones", empty_values=())

    def __init__(self, data, *, quarter=None, **kwargs):
        # The spend is to the end of the page's quarter, and the heading says so.
        spent = MoneyColumn(verbose_name=f"Spent to {quarter.label}" if quarter else "Spent")
        super().__init__(data, extra_columns=[("spent", spent)], **kwargs)

    def value_indicators(self, record):
        return "\n".join(f"{s.indicator.code} ({s.area.name}): {s.status.label}" for s in record.statuses)

    def value_milestones(self, record):
        return "\n".join(f"{label}: {count}" for label, count in record.milestones.items() if count)
