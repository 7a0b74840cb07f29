"""What changed between two published versions of a Board report, in words.

Reads two ``BoardReport.snapshot()`` dicts (the earlier first) and says, per indicator in the appendix,
what changed in its figure, target due, status and commentary; how the summary tables' counts moved;
and which indicators were added or removed. Pure: no Django, no database; the published page shows
the result as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

# The line fields a reader of the report compares, in the order the report shows them.
COMPARED = (
    ("figure_text", "Figure"),
    ("target_text", "Target due"),
    ("status", "Status"),
    ("commentary", "Commentary"),
)
NONE = "none"


@dataclass(frozen=True)
class IndicatorChange:
    code: str
    title: str
    changes: tuple[str, ...]  # "Figure: 5.40 per 1,000 → 5.60 per 1,000"


@dataclass(frozen=True)
class Changes:
    summary: tuple[str, ...]  # "All indicators, outcomes: Green 1 → 2; Red 1 → 0"
    added: tuple[str, ...]  # "NI 30 Re-offending rate"
    removed: tuple[str, ...]
    indicators: tuple[IndicatorChange, ...]

    @property
    def nothing(self) -> bool:
        return not (self.summary or self.added or self.removed or self.indicators)


def changes(earlier: dict, later: dict) -> Changes:
    before = _lines(earlier)
    after = _lines(later)
    return Changes(
        summary=tuple(_summary_changes(earlier.get("summaries", []), later.get("summaries", []))),
        added=tuple(_named(after[code]) for code in after if code not in before),
        removed=tuple(_named(before[code]) for code in before if code not in after),
        indicators=tuple(
            IndicatorChange(code, line["title"], moved)
            for code, line in after.items()
            if code in before and (moved := _line_changes(before[code], line))
        ),
    )


def _lines(snapshot: dict) -> dict[str, dict]:
    return {line["code"]: line for line in snapshot.get("appendix", [])}


def _named(line: dict) -> str:
    return f"{line['code']} {line['title']}"


def _line_changes(before: dict, after: dict) -> tuple[str, ...]:
    return tuple(
        f"{label}: {_shown(before.get(key))} → {_shown(after.get(key))}"
        for key, label in COMPARED
        if (before.get(key) or "") != (after.get(key) or "")
    )


def _shown(value) -> str:
    return f"“{value}”" if value else NONE


def _summary_changes(before: list[dict], after: list[dict]):
    earlier = {table["title"]: table for table in before}
    for table in after:
        old = earlier.get(table["title"])
        if old is None:
            continue
        for part in ("outcomes", "delivery"):
            moved = _count_changes(old[part], table[part])
            if moved:
                yield f"{table['title']}, {part}: {'; '.join(moved)}"


def _count_changes(before: dict, after: dict) -> list[str]:
    old = dict(zip(before["columns"], before["counts"], strict=True))
    new = dict(zip(after["columns"], after["counts"], strict=True))
    return [f"{column} {old.get(column, 0)} → {count}" for column, count in new.items() if old.get(column, 0) != count]
