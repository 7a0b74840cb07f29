"""Reward at stake: what a reward (stretch) target would earn on its forecast. Plain Python, no Django.

The payment rule is data on the agreement (``AgreementResource.payment_threshold``): nothing is paid
below the threshold share of the stretch achieved, pro rata above it. Where the documents state no
amount or no rule, the answer is None and the report says "not stated in the documents": never a split
or a rule made up here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NOT_STATED = "not stated in the documents"


def stretch_achieved(*, baseline, target, forecast) -> Decimal | None:
    """The share of the stretch (baseline to target) the forecast achieves, 0 at the baseline, 1 at the target.

    None when a figure is missing or the target asks for no change. Not capped: over-achievement is above 1.
    """
    if baseline is None or target is None or forecast is None:
        return None
    stretch = Decimal(target) - Decimal(baseline)
    if stretch == 0:
        return None
    # The stretch's own sign carries the polarity: a move away from the target is a negative share.
    return (Decimal(forecast) - Decimal(baseline)) / stretch


def reward_earned(at_stake, *, achieved, threshold) -> Decimal | None:
    """The reward ``achieved`` (a share of the stretch) earns: nothing below ``threshold``, pro rata above it,
    never more than ``at_stake``; whole pounds. None when the amount, the rule or the share is not known."""
    if at_stake is None or threshold is None or achieved is None:
        return None
    achieved, at_stake = Decimal(achieved), Decimal(at_stake)
    if achieved < Decimal(threshold):
        return Decimal(0)
    return (at_stake * min(achieved, Decimal(1))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
