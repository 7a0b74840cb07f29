"""Allocation formulas: a pot shared between recipients by components, rounded to whole pounds.

A pot is split into components (an even share, in proportion to population, in
proportion to crime, or any named weight). Each recipient gets its share of
each component to the penny; its total is then rounded to whole pounds so that
the rounded totals still add up exactly to the pot, the way a finance officer
does it: round every total down, then give the pounds left over to the
recipients with the largest remainders (ties to the earlier recipient).
Plain Python, no Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
POUND = Decimal("1")


class FormulaError(ValueError):
    """Inputs a formula cannot share out."""


@dataclass(frozen=True)
class Component:
    """``amount`` shared in proportion to ``weights`` (recipient → weight)."""

    name: str
    amount: Decimal
    weights: Mapping[str, Decimal]


@dataclass(frozen=True)
class RecipientShare:
    recipient: str
    components: dict[str, Decimal]  # exact share of each component, to the penny
    exact_total: Decimal  # unrounded sum of the exact shares
    rounded_total: Decimal  # whole pounds


@dataclass(frozen=True)
class FormulaResult:
    pot: Decimal
    shares: list[RecipientShare]

    @property
    def rounded_sum(self) -> Decimal:
        return sum((s.rounded_total for s in self.shares), Decimal(0))

    def share(self, recipient: str) -> RecipientShare:
        return next(s for s in self.shares if s.recipient == recipient)


def even_weights(recipients: Sequence[str]) -> dict[str, Decimal]:
    return {recipient: Decimal(1) for recipient in recipients}


def _exact_shares(component: Component, recipients: Sequence[str]) -> dict[str, Decimal]:
    weights = {r: Decimal(component.weights.get(r, 0)) for r in recipients}
    if any(w < 0 for w in weights.values()):
        raise FormulaError(f"{component.name}: weights cannot be negative")
    total_weight = sum(weights.values(), Decimal(0))
    if total_weight == 0:
        if component.amount:
            raise FormulaError(f"{component.name}: £{component.amount} to share but every weight is zero")
        return {r: Decimal(0) for r in recipients}
    return {r: Decimal(component.amount) * weights[r] / total_weight for r in recipients}


def allocate(pot: Decimal, components: Sequence[Component], recipients: Sequence[str]) -> FormulaResult:
    """Share ``pot`` by ``components``; rounded totals are whole pounds adding up to the pot exactly."""
    pot = Decimal(pot)
    if pot < 0:
        raise FormulaError("The pot cannot be negative")
    if pot != pot.to_integral_value():
        raise FormulaError("The pot must be whole pounds to share in whole pounds")
    if not recipients:
        raise FormulaError("A formula needs at least one recipient")
    if len(set(recipients)) != len(recipients):
        raise FormulaError("Each recipient may appear once")
    component_total = sum((Decimal(c.amount) for c in components), Decimal(0))
    if component_total != pot:
        raise FormulaError(f"The components add up to £{component_total:,}, not the pot of £{pot:,}")

    exact = {c.name: _exact_shares(c, recipients) for c in components}
    totals = {r: sum((exact[c.name][r] for c in components), Decimal(0)) for r in recipients}

    floors = {r: totals[r].quantize(POUND, rounding=ROUND_FLOOR) for r in recipients}
    left_over = int(pot - sum(floors.values(), Decimal(0)))
    by_remainder = sorted(recipients, key=lambda r: (-(totals[r] - floors[r]), recipients.index(r)))
    extra = set(by_remainder[:left_over])

    shares = [
        RecipientShare(
            recipient=r,
            components={c.name: exact[c.name][r].quantize(PENNY, rounding=ROUND_HALF_UP) for c in components},
            exact_total=totals[r],
            rounded_total=floors[r] + (POUND if r in extra else 0),
        )
        for r in recipients
    ]
    return FormulaResult(pot=pot, shares=shares)


def scale_to_pot(amounts: Sequence[Decimal], pot: Decimal) -> list[Decimal]:
    """Component amounts rescaled in proportion so that they add up to ``pot`` to the penny.

    Used by the what-if when only the pot changes: each component keeps its share of
    the pot; the pennies lost to rounding go to the last component.
    """
    amounts = [Decimal(a) for a in amounts]
    pot = Decimal(pot)
    total = sum(amounts, Decimal(0))
    if not amounts:
        return []
    if total == 0:
        raise FormulaError("Every component is zero, so there are no shares to scale")
    scaled = [(a * pot / total).quantize(PENNY, rounding=ROUND_HALF_UP) for a in amounts]
    scaled[-1] += pot - sum(scaled, Decimal(0))
    return scaled


def what_if_inputs(
    stored_pot: Decimal,
    stored_amounts: Sequence[Decimal],
    pot: Decimal | None,
    amounts: Sequence[Decimal | None],
) -> tuple[Decimal, list[Decimal], str]:
    """The pot and component amounts a what-if asks for, and a sentence saying how they were read.

    ``None`` means "as stored". Changing only the pot keeps each component's share
    of it; changing components without the pot makes the pot their sum; changing
    both needs them to agree (``allocate`` says so otherwise).
    """
    stored_amounts = [Decimal(a) for a in stored_amounts]
    chosen = [
        stored if given is None else Decimal(given) for stored, given in zip(stored_amounts, amounts, strict=True)
    ]
    pot_changed = pot is not None and Decimal(pot) != Decimal(stored_pot)
    components_changed = chosen != stored_amounts
    if components_changed and pot_changed:
        return Decimal(pot), chosen, "Your pot and components."
    if components_changed:
        return sum(chosen, Decimal(0)), chosen, "The pot is the sum of your components."
    if pot_changed:
        return Decimal(pot), scale_to_pot(stored_amounts, pot), "Each component keeps its share of your pot."
    return Decimal(stored_pot), stored_amounts, "The formula as agreed."
