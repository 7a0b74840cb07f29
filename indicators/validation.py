"""What people type into a return, read and checked. Plain Python, no Django.

- Numbers are read by ``core.numbers.parse_number`` and free text checked by
  ``core.text.text_problem``, the rules every app shares.
- ``check_entry`` applies the unit's rules to one indicator's inputs (value, or
  numerator and denominator) and gives the figure, or messages per input.
- ``out_of_line`` warns when a figure is wildly out of line with the area's
  history; the manager confirms it rather than being blocked.

Messages follow the GOV.UK pattern: they say what is wrong and how to fix it,
and name the indicator, because they also appear in the error summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from core.numbers import parse_number
from indicators.rag import Status


@dataclass(frozen=True)
class UnitRule:
    """What a unit's figures may be."""

    may_be_negative: bool = False
    maximum: Decimal | None = None
    whole_number: bool = False
    # Rates and percentages may be entered as numerator and denominator; the figure is n / d × multiplier.
    ratio_multiplier: Decimal | None = None
    percent_sign_allowed: bool = False
    name: str = "figure"


UNIT_RULES: dict[str, UnitRule] = {
    "rate_per_1000": UnitRule(ratio_multiplier=Decimal(1000), name="rate per 1,000"),
    "percentage": UnitRule(
        maximum=Decimal(100), ratio_multiplier=Decimal(100), percent_sign_allowed=True, name="percentage"
    ),
    "count": UnitRule(whole_number=True, name="count"),
    "offences_per_offender": UnitRule(name="number of offences per offender"),
    "percent_difference": UnitRule(may_be_negative=True, percent_sign_allowed=True, name="percentage difference"),
}


def takes_ratio(unit: str) -> bool:
    rule = UNIT_RULES.get(unit)
    return bool(rule and rule.ratio_multiplier)


@dataclass
class EntryResult:
    """One indicator's inputs, checked: the figure to store, and messages keyed by input name."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, input_name: str, message: str) -> None:
        self.errors.setdefault(input_name, []).append(message)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def is_reported(self) -> bool:
        return self.value is not None


def _check_range(result: EntryResult, input_name: str, value: Decimal, rule: UnitRule, label: str) -> None:
    if value < 0 and not rule.may_be_negative:
        result.add(input_name, f"{label} cannot be negative")
    elif rule.maximum is not None and value > rule.maximum:
        result.add(input_name, f"{label} must be {rule.maximum}% or less")
    elif rule.whole_number and value != value.to_integral_value():
        result.add(input_name, f"{label} must be a whole number, as it is a count")


def check_entry(
    *, code: str, unit: str, value: str | None = "", numerator: str | None = "", denominator: str | None = ""
) -> EntryResult:
    """Check one indicator's typed inputs against its unit's rules.

    Inputs are ``value``, ``numerator`` and ``denominator`` (the last two only
    for rates and percentages). Error messages are keyed by those names.
    """
    rule = UNIT_RULES.get(unit, UnitRule())
    result = EntryResult()
    figure_label = f"{code} figure"
    parsed_value = parse_number(value, label=figure_label)
    if parsed_value.error:
        result.add("value", parsed_value.error)
    elif parsed_value.had_percent_sign and not rule.percent_sign_allowed:
        result.add("value", f"{figure_label} is a {rule.name}, not a percentage: remove the % sign")

    if not rule.ratio_multiplier:
        if result.is_valid and parsed_value.value is not None:
            _check_range(result, "value", parsed_value.value, rule, figure_label)
            result.value = parsed_value.value if result.is_valid else None
        return result

    parsed_n = parse_number(numerator, label=f"{code} numerator")
    parsed_d = parse_number(denominator, label=f"{code} denominator")
    for name, parsed in (("numerator", parsed_n), ("denominator", parsed_d)):
        if parsed.error:
            result.add(name, parsed.error)
        elif parsed.had_percent_sign:
            result.add(name, f"{code} {name} is a number of people or events: remove the % sign")
    if not result.is_valid:
        return result

    ratio_given = parsed_n.value is not None or parsed_d.value is not None
    if ratio_given and parsed_value.value is not None:
        result.add("value", f"Enter either the {code} figure or its numerator and denominator, not both")
        return result
    if not ratio_given:
        if parsed_value.value is not None:
            _check_range(result, "value", parsed_value.value, rule, figure_label)
            result.value = parsed_value.value if result.is_valid else None
        return result

    if parsed_n.value is None:
        result.add("numerator", f"Enter the {code} numerator, or clear the denominator")
    if parsed_d.value is None:
        result.add("denominator", f"Enter the {code} denominator, or clear the numerator")
    if not result.is_valid:
        return result
    n, d = parsed_n.value, parsed_d.value
    if n < 0:
        result.add("numerator", f"{code} numerator cannot be negative")
    if d <= 0:
        result.add("denominator", f"{code} denominator must be more than 0")
    if result.is_valid and n > d:
        result.add("numerator", f"{code} numerator cannot be more than the denominator")
    if not result.is_valid:
        return result
    result.numerator, result.denominator = n, d
    result.value = (n / d * rule.ratio_multiplier).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return result


def out_of_line(value: Decimal | None, history: Sequence[Decimal], *, factor: Decimal = Decimal(2)) -> str | None:
    """A warning when ``value`` is more than ``factor`` times the highest, or under 1/``factor`` of the lowest,
    of the area's earlier figures; None when it is in line or there is no history to compare with."""
    known = [Decimal(h) for h in history if h is not None]
    if value is None or not known:
        return None
    low, high = min(known), max(known)
    too_high = value > high * factor if high > 0 else value > high + factor
    too_low = value < low / factor if low > 0 else False
    if not (too_high or too_low):
        return None
    return (
        f"{value.normalize():f} is {'more than double' if too_high else 'less than half'} this area's "
        f"earlier figures ({low.normalize():f} to {high.normalize():f})"
    )


def commentary_required(status: str) -> bool:
    """Off-target figures (Red, Amber) must say why and what is being done."""
    return status in (Status.RED, Status.AMBER)
