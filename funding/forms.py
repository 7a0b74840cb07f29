"""Funding forms: inputs only; money is read by ``funding.spend.parse_money`` (the returns' number reader)."""

from decimal import Decimal

from django import forms

from core.forms import text_field
from core.numbers import parse_money
from funding.models import Grant
from funding.services import SpendEntry


def _shown(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


class SpendForm(forms.Form):
    """A quarter's spend against one allocation: each existing line's amount and commentary, and one new line.

    Field names: ``l<line id>-amount``, ``l<line id>-commentary``, ``new-item``, ``new-amount``,
    ``new-commentary``; the error summary links to ``#id_<name>``.
    """

    opened = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, lines, opened: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        self.entries: list[SpendEntry] = []
        self.fields["opened"].initial = opened
        for line in self.lines:
            self.fields[f"l{line.pk}-amount"] = forms.CharField(
                required=False, max_length=40, initial=line.amount_text if line.amount_text else _shown(line.amount)
            )
            self.fields[f"l{line.pk}-commentary"] = text_field(
                f"The commentary on {line.item or 'spend'}", initial=line.commentary
            )
        self.fields["new-item"] = text_field("What the money was spent on", max_length=200)
        self.fields["new-amount"] = forms.CharField(required=False, max_length=40)
        self.fields["new-commentary"] = text_field("The commentary")

    def line_fields(self):
        return [(line, self[f"l{line.pk}-amount"], self[f"l{line.pk}-commentary"]) for line in self.lines]

    def new_fields(self):
        return {name: self[f"new-{name}"] for name in ("item", "amount", "commentary")}

    def clean(self):
        data = super().clean()
        for line in self.lines:
            name = line.item or "Spend"
            text = data.get(f"l{line.pk}-amount")
            if line.amount_text and text == line.amount_text:
                amount, error = line.amount, None  # 'Nil' as the document wrote it, unchanged
            else:
                amount, error = parse_money(text, label=f"{name} amount")
            if error:
                self.add_error(f"l{line.pk}-amount", error)
            elif amount is None:
                self.add_error(f"l{line.pk}-amount", f"Enter the {name.lower()} amount, or 0 if nothing was spent")
            else:
                commentary = data.get(f"l{line.pk}-commentary") or ""
                self.entries.append(SpendEntry(amount=amount, item=line.item, commentary=commentary, line=line))
        amount, error = parse_money(data.get("new-amount"), label="Amount spent")
        item = (data.get("new-item") or "").strip()
        commentary = (data.get("new-commentary") or "").strip()
        if error:
            self.add_error("new-amount", error)
        elif amount is None and (item or commentary):
            self.add_error("new-amount", "Enter the amount spent, or 0 if nothing was spent")
        elif amount is not None:
            if any(line.item == item for line in self.lines):
                self.add_error(
                    "new-item",
                    f"There is already a line for “{item or 'spend'}” this quarter: change its amount above",
                )
            else:
                self.entries.append(SpendEntry(amount=amount, item=item, commentary=commentary))
        if not self.errors and not self.entries:
            self.add_error("new-amount", "Enter the amount spent this quarter")
        return data


class WhatIfForm(forms.Form):
    """A GET form: the pot and each component's amount. Blank means "as the formula has it"."""

    pot = forms.CharField(required=False, max_length=40, label="Pot")

    def __init__(self, *args, components, pot: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.components = list(components)
        self.fields["pot"].initial = _pounds(pot)
        for component in self.components:
            self.fields[f"c{component.pk}"] = forms.CharField(
                required=False, max_length=40, label=component.name, initial=_pounds(component.amount)
            )

    def component_fields(self):
        return [(component, self[f"c{component.pk}"]) for component in self.components]

    def clean(self):
        data = super().clean()
        self.amounts = {}
        pot, error = parse_money(data.get("pot"), label="The pot")
        if error:
            self.add_error("pot", error)
        elif pot is not None and pot != pot.to_integral_value():
            self.add_error("pot", "The pot must be whole pounds, like 426,000")
        self.pot = pot
        for component in self.components:
            amount, error = parse_money(data.get(f"c{component.pk}"), label=component.name)
            if error:
                self.add_error(f"c{component.pk}", error)
            self.amounts[component.pk] = amount
        return data


def _pounds(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


class SaveWhatIfForm(forms.Form):
    """What an administrator saves: the new line's name and the grant it goes in (the amounts are recomputed)."""

    label = forms.CharField(
        max_length=150,
        label="Name of the new allocation line",
        error_messages={
            "required": "Enter a name for the new allocation",
            "max_length": "The name of the new allocation must be 150 characters or fewer",
        },
    )
    grant = forms.ModelChoiceField(
        queryset=Grant.objects.order_by("starts_on", "title"),
        label="Grant",
        error_messages={
            "required": "Choose the grant to add the new allocation to",
            "invalid_choice": "Choose the grant to add the new allocation to",
        },
    )
