"""The Board report's resources section: pooled and aligned budgets for the year, and the reward at stake.

Budgets are the funding data's pooled and aligned grants covering the report's financial year (seed 003
paragraphs 10-11); the reward at stake and the funding to achieve it are the agreement's resources
(``AgreementResource``, seed 003 paragraph 21). No amount per reward target is stated in the documents,
so each target's line says so (``reports.reward``). Two queries; the budgets' total checks four more.
"""

from __future__ import annotations

from core.display import format_money
from core.periods import Quarter
from funding.models import AgreementResource, Grant
from funding.selectors import flagged_total_checks
from reports.contents import MoneyLine, Resources, RewardLine
from reports.reward import NOT_STATED

KIND_WORDS = {Grant.Arrangement.POOLED: "Pooled budget", Grant.Arrangement.ALIGNED: "Aligned budget"}


def amount_text(amount, written: str, approximate: bool) -> str:
    """As the funding pages show money: the figure, and the words as written when they are rounded."""
    if amount is None:
        return written or NOT_STATED
    shown = format_money(amount)
    return f"{written} (approximate)" if approximate and written else shown


def _grant_line(grant: Grant) -> MoneyLine:
    return MoneyLine(
        title=grant.title,
        kind=KIND_WORDS[grant.arrangement],
        amount=grant.amount,
        amount_text=amount_text(grant.amount, grant.amount_text, grant.amount_approximate),
        source=grant.source,
    )


def _resource_line(resource: AgreementResource) -> MoneyLine:
    return MoneyLine(
        title=resource.title,
        kind=resource.get_kind_display(),
        amount=resource.amount,
        amount_text=amount_text(resource.amount, resource.amount_text, resource.approximate),
        source=resource.source,
    )


def budget_grants(quarter: Quarter):
    """The pooled and aligned grants covering the quarter's financial year (a lazy queryset)."""
    return Grant.objects.in_financial_year(quarter.year).filter(arrangement__in=list(KIND_WORDS), part_of__isnull=True)


def funding_notes(quarter: Quarter) -> list[str]:
    """The funding data-quality flags (stated totals against their lines) of the report's budgets. Four queries."""
    return [
        f"{check.subject}: {check.label} — stated {format_money(check.stated)}, its lines add up to "
        f"{format_money(check.computed)} ({check.source or 'no source recorded'})."
        for check in flagged_total_checks(budget_grants(quarter))
    ]


def report_resources(area, quarter: Quarter, agreement_code: str, reward_lines) -> Resources:
    """``reward_lines``: the report's lines of reward indicators (``ReportLine``), one reward line each."""
    grants = budget_grants(quarter).order_by("arrangement", "title")
    resources = list(
        AgreementResource.objects.filter(
            agreement_code=agreement_code, start_year__lte=quarter.year, end_year__gte=quarter.year
        )
    )
    at_stake = next((r for r in resources if r.kind == AgreementResource.Kind.REWARD_AT_STAKE), None)
    budgets = [_grant_line(g) for g in grants]
    budgets += [_resource_line(r) for r in resources if r is not at_stake]
    threshold = at_stake.payment_threshold if at_stake else None
    return Resources(
        budgets=tuple(budgets),
        # No document gives an amount per reward target: each line says so rather than splitting the total.
        reward_lines=tuple(RewardLine(x.code, x.title, None, NOT_STATED, None, NOT_STATED) for x in reward_lines),
        reward_total=_resource_line(at_stake) if at_stake else None,
        reward_forecast_text=NOT_STATED,
        payment_rule=(at_stake.payment_rule or NOT_STATED) if at_stake else NOT_STATED,
        payment_rule_source=(at_stake.payment_rule_source if at_stake else "")
        or ("" if threshold is None else "payment threshold recorded on the agreement"),
    )
