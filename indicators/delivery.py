"""Delivery judgements and reported summaries: the rules, in plain Python (no Django).

Seed 003 rates each target twice: *outcome* (the figure against the target) and
*delivery* (are the arrangements to hit it in place: Green, Amber or Red, with a
reason). ``judgement_errors`` is the one rule the admin form, the import and the
model's ``clean`` share; the database constraints back it.

A *reported summary* is what a published report said the counts were. The
product never overwrites it with its own counts: ``compare_counts`` puts the two
side by side and says in words why they differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.text import COMMENTARY_MAX_LENGTH, text_problem

DELIVERY_STATUSES = ("green", "amber", "red")


def judgement_errors(status: str | None, reason: str | None) -> dict[str, list[str]]:
    """What is wrong with a delivery judgement, per field, in words (empty when it can be stored).

    Every judgement says why: Green says what is in place, Amber and Red what is at
    risk and what is being done (seed 003 paragraphs 16-20 are the pattern).
    """
    errors: dict[str, list[str]] = {}
    if status not in DELIVERY_STATUSES:
        errors["status"] = ["Choose Green, Amber or Red for the delivery judgement"]
    words = (reason or "").strip()
    if not words:
        errors["reason"] = [
            "Give the reason for the delivery judgement: what is in place, or what is at risk and what is being done"
        ]
    elif problem := text_problem(reason, label="The reason", max_length=COMMENTARY_MAX_LENGTH):
        errors["reason"] = [problem]
    return errors


@dataclass(frozen=True)
class CountComparison:
    """A reported row of counts beside the counts the product computes, and why they differ."""

    reported: dict[str, int | None]
    computed: dict[str, int]
    reported_total: int
    computed_total: int
    agrees: bool
    reported_words: str
    computed_words: str
    difference: str

    @property
    def explanation(self) -> str:
        return f"Reported: {self.reported_words}. Computed: {self.computed_words} — {self.difference}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def compare_counts(
    reported: Mapping[str, int | None],
    computed: Mapping[str, int],
    *,
    noun: str = "indicator",
    reasons: tuple[str, ...] = (),
) -> CountComparison:
    """Compare a report's counts (``{"Green": 8, …}``, None where the report has no such column) with computed ones.

    ``computed`` is every computed status with its count, zeros included; the words list the non-zero ones,
    and the difference gives ``reasons`` (why the product cannot count what the report counted).

    >>> c = compare_counts({"Green": 1, "Red": 0}, {"Green": 1, "Missing": 2}, reasons=("no figures",))
    >>> c.explanation
    'Reported: 1 indicator (Green 1, Red 0). Computed: 3 indicators (Green 1, Missing 2) — no figures.'
    """
    reported_total = sum(count or 0 for count in reported.values())
    computed_total = sum(computed.values())
    agrees = computed_total == reported_total and all(
        computed.get(label, 0) == (count or 0) for label, count in reported.items()
    )
    said = ", ".join(f"{label} {count}" for label, count in reported.items() if count is not None)
    found = ", ".join(f"{label} {count}" for label, count in computed.items() if count) or "none"
    if agrees:
        difference = "the same."
    elif reasons:
        difference = "; ".join(reasons) + "."
    else:
        difference = "they differ, and no reason is recorded."
    return CountComparison(
        reported=dict(reported),
        computed=dict(computed),
        reported_total=reported_total,
        computed_total=computed_total,
        agrees=agrees,
        reported_words=f"{_plural(reported_total, noun)} ({said})",
        computed_words=f"{_plural(computed_total, noun)} ({found})",
        difference=difference,
    )
