"""The closing check of issue 11: every real figure with a target has a real status (seed, no demo figures)."""

import io

import pytest
from django.core.management import call_command

from indicators.management.commands.status_report import status_lines

pytestmark = pytest.mark.django_db


def test_every_documented_figure_with_a_target_has_a_real_status(seeded):
    lines = status_lines()
    assert len(lines) == 16  # NI 20 and NI 21, 2008/09: the county and its seven districts (seed 000)
    assert not [line for line in lines if line["status"] in ("Missing", "Not due")]
    county = next(line for line in lines if (line["indicator"], line["area"]) == ("NI 20", "Leicestershire"))
    assert (str(county["figure"]), str(county["target"]), county["status"]) == ("5.40", "5.85", "Green")


def test_the_command_prints_one_line_per_figure_and_the_missing_count(seeded):
    out = io.StringIO()
    call_command("status_report", stdout=out)
    text = out.getvalue()
    assert "NI 20 | Leicestershire | 2008/09 | 5.40 | 5.85 | Green |" in text
    assert text.strip().endswith("16 figures with a target; 0 Missing.")
