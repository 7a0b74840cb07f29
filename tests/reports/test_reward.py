"""The reward a forecast would earn under a payment rule stated as data (issue 13, point 4)."""

from decimal import Decimal as D

import pytest

from reports.reward import reward_earned, stretch_achieved


@pytest.mark.parametrize(
    "baseline, target, forecast, share",
    [
        (D("6.03"), D("5.85"), D("5.85"), D("1")),  # lower is better: on target
        (D("6.03"), D("5.85"), D("5.94"), D("0.5")),  # half the stretch
        (D("6.03"), D("5.85"), D("6.21"), D("-1")),  # moved away from the target
        (D("20"), D("30"), D("35"), D("1.5")),  # higher is better: beyond the target
        (D("20"), D("20"), D("25"), None),  # a target that asks for no change has no stretch
        (None, D("30"), D("25"), None),
        (D("20"), D("30"), None, None),
    ],
)
def test_share_of_the_stretch_achieved(baseline, target, forecast, share):
    assert stretch_achieved(baseline=baseline, target=target, forecast=forecast) == share


@pytest.mark.parametrize(
    "at_stake, achieved, threshold, earned",
    [
        (D("100000"), D("1"), D("0.6"), D("100000")),  # the whole stretch: the whole reward
        (D("100000"), D("0.75"), D("0.6"), D("75000")),  # pro rata above the threshold
        (D("100000"), D("0.6"), D("0.6"), D("60000")),  # at the threshold: paid
        (D("100000"), D("0.59"), D("0.6"), D("0")),  # below it: nothing
        (D("100000"), D("1.4"), D("0.6"), D("100000")),  # never more than the reward at stake
        (D("100000"), D("-0.5"), D("0"), D("0")),  # a move the wrong way earns nothing
        (D("333333"), D("0.7"), D("0.6"), D("233333")),  # whole pounds
        (None, D("1"), D("0.6"), None),  # no amount stated: not stated, never guessed
        (D("100000"), D("1"), None, None),  # no rule stated
        (D("100000"), None, D("0.6"), None),  # no forecast
    ],
)
def test_reward_the_forecast_would_earn(at_stake, achieved, threshold, earned):
    assert reward_earned(at_stake, achieved=achieved, threshold=threshold) == earned
