"""Refusals read as sentences: the status with its right article, then what cannot be done."""

import pytest

from returns import services


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        ("approved", "approve", "An approved return cannot be approved."),
        ("approved", "save", "An approved return cannot be changed."),
        ("draft", "approve", "A draft return cannot be approved."),
        ("submitted", "submit", "A submitted return cannot be submitted."),
        ("returned", "approve", "A return sent back to the manager cannot be approved."),
    ],
)
def test_a_refused_transition_reads_as_a_sentence(status, action, message):
    with pytest.raises(services.IllegalTransition) as refused:
        services.next_status(status, action)
    assert str(refused.value) == message
