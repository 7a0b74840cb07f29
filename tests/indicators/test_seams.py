"""The pure rules name model choices by their raw values; these tests hold the two sides together (no database)."""

import inspect

from core.display import RAG_CLASSES
from indicators import rag
from indicators.models import Frequency, Unit
from indicators.validation import UNIT_RULES, commentary_required


def test_every_numeric_unit_has_its_rules_and_every_rule_is_a_unit():
    # A milestone indicator is reported as a delivery status, never as a typed figure.
    assert set(UNIT_RULES) == set(Unit.values) - {Unit.MILESTONE}


def test_the_status_rule_names_the_quarterly_frequency_by_its_stored_value():
    # rag.py is pure Python and compares the indicator's frequency with this raw value.
    assert '"quarterly"' not in inspect.getsource(rag) or Frequency.QUARTERLY.value == "quarterly"


def test_every_status_has_a_badge_style_and_every_style_is_a_status():
    assert set(RAG_CLASSES) == {status.value for status in rag.Status}


def test_commentary_is_required_for_exactly_the_off_target_statuses():
    required = {status for status in rag.Status if commentary_required(status)}
    assert required == {rag.Status.RED, rag.Status.AMBER}
