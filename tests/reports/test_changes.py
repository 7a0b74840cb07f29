"""What changed between two published versions, in words (reports.changes): table-driven, no database."""

from dataclasses import replace

import pytest

from reports.changes import changes
from reports.contents import OUTCOME_COLUMNS, StatusCount
from tests.reports.sample import AMBER, GREEN, RED, line, sample_report

EARLIER = sample_report().snapshot()
NEW_LINE = line("NI 30", "Re-offending rate", "Not due", figure=None, target=None, reason="Not due yet")


def _with_summary(counts):
    first, rest = sample_report().summaries[0], sample_report().summaries[1:]
    return (replace(first, outcomes=StatusCount(OUTCOME_COLUMNS, counts, sum(counts))), *rest)


CASES = {
    "figure": (
        {"appendix": (replace(GREEN, figure_text="5.60 per 1,000"), RED, AMBER)},
        {"indicators": [("NI 20", ("Figure: “5.40 per 1,000” → “5.60 per 1,000”",))]},
    ),
    "target due": (
        {"appendix": (GREEN, replace(RED, target_text="12.50 per 1,000"), AMBER)},
        {"indicators": [("NI 16", ("Target due: “12.10 per 1,000” → “12.50 per 1,000”",))]},
    ),
    "status and commentary together": (
        {"appendix": (GREEN, RED, replace(AMBER, status="Green", commentary="Back on target."))},
        {
            "indicators": [
                (
                    "NI 15",
                    (
                        "Status: “Amber” → “Green”",
                        "Commentary: “Within tolerance; the partnership watches the night-time economy.” → "
                        "“Back on target.”",
                    ),
                )
            ]
        },
    ),
    "commentary added": (
        {"appendix": (replace(GREEN, commentary="On target."), RED, AMBER)},
        {"indicators": [("NI 20", ("Commentary: none → “On target.”",))]},
    ),
    "commentary removed": (
        {"appendix": (GREEN, replace(RED, commentary=""), AMBER)},
        {
            "indicators": [
                (
                    "NI 16",
                    (
                        "Commentary: “Burglary rose in two districts after the autumn; an operation started in December.” "
                        "→ none",
                    ),
                )
            ]
        },
    ),
    "indicator added": ({"appendix": (GREEN, RED, AMBER, NEW_LINE)}, {"added": ("NI 30 Re-offending rate",)}),
    "indicator removed": ({"appendix": (GREEN, RED)}, {"removed": ("NI 15 Serious violent crime rate",)}),
    "summary counts": (
        {"summaries": _with_summary((2, 0, 1, 0, 0))},
        {"summary": ("All indicators, outcomes: Green 1 → 2; Amber 1 → 0",)},
    ),
    "a later build of the same figures": ({"generated_at": sample_report().generated_at.replace(hour=17)}, {}),
    "a change outside the compared words (a trend point)": (
        {"appendix": (replace(GREEN, direction="No comparison"), RED, AMBER)},
        {},
    ),
}


@pytest.mark.parametrize("edits, expected", CASES.values(), ids=CASES.keys())
def test_what_changed_between_two_versions_in_words(edits, expected):
    found = changes(EARLIER, sample_report(**edits).snapshot())

    assert [(item.code, item.changes) for item in found.indicators] == expected.get("indicators", [])
    assert found.added == expected.get("added", ())
    assert found.removed == expected.get("removed", ())
    assert found.summary == expected.get("summary", ())
    assert found.nothing == (not expected)


def test_the_changed_indicator_is_named_by_its_code_and_title():
    later = sample_report(appendix=(replace(GREEN, status="Amber"), RED, AMBER)).snapshot()

    (item,) = changes(EARLIER, later).indicators

    assert (item.code, item.title) == ("NI 20", "Assault with injury crime rate")
