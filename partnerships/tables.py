"""Tables of the partnership page as downloads: render_ formats only, value_ gives clean export values."""

import django_tables2 as tables

from core.tables import NUMERIC, MoneyColumn, PageTable, RatedFigureValues


class PerformanceTable(RatedFigureValues, PageTable):
    """Each area's indicators at the quarter (records: ``IndicatorStatus``), the page's tables one after another."""

    area = tables.Column(accessor="area__name", verbose_name="Area")
    code = tables.Column(accessor="indicator__code", verbose_name="Indicator")
    title = tables.Column(accessor="indicator__title", verbose_name="Title")
    figure = tables.Column(verbose_name="Figure", attrs=NUMERIC)
    target_due = tables.Column(verbose_name="Target due", attrs=NUMERIC)
    status = tables.Column(verbose_name="Status")
    explanation = tables.Column(accessor="rating__explanation", verbose_name="Explanation")
    synthetic = tables.Column(accessor="is_synthetic", verbose_name="Synthetic figure", visible=False)


class ActionTable(PageTable):
    """The action plan: each headline action under its priority, its milestones in one cell as on the page."""

    priority = tables.Column(accessor="priority__title", verbose_name="Priority")
    title = tables.Column(verbose_name="Headline action")
    lead = tables.Column(verbose_name="Lead", default="Not stated")
    milestones = tables.Column(accessor="pk", verbose_name="Milestones", empty_values=())

    def value_priority(self, record):
        priority = record.priority
        number = "Cross-cutting theme" if priority.is_cross_cutting else f"Priority {priority.number}"
        return f"{number}: {priority.title} ({priority.start_year})"

    def value_milestones(self, record):
        return "\n".join(
            f"{m.year} Q{m.quarter}: {m.title} – {m.get_status_display()}{f'. {m.note}' if m.note else ''}"
            for m in record.milestones.all()
        )


class GrantsReceivedTable(PageTable):
    title = tables.Column(verbose_name="Grant")
    period = tables.Column(accessor="period_text", verbose_name="Period", empty_values=())
    amount = MoneyColumn(verbose_name="Amount")

    def value_period(self, record):
        return record.period_text or record.financial_year.label


class PartnershipAllocationTable(PageTable):
    """Allocations to the partnership, the page's tables by year one after another."""

    year = tables.Column(accessor="grant__financial_year", verbose_name="Year")
    grant = tables.Column(accessor="grant__title", verbose_name="Grant")
    label = tables.Column(verbose_name="Line")
    priority = tables.Column(accessor="priority__name", verbose_name="Priority", default="–")
    amount = MoneyColumn(verbose_name="Amount")

    def value_year(self, value):
        return value.label
