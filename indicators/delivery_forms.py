"""The form a co-ordinator records a delivery judgement with (the rule itself is ``indicators.delivery``)."""

from django import forms

from core.fields import FinancialYearFormField
from core.forms import text_field
from core.periods import QUARTER_CHOICES
from indicators.delivery import judgement_errors
from indicators.judgements import DeliveryRag

# The rule's own words for a missing or unknown status, so the form and the import say the same.
CHOOSE_STATUS = judgement_errors(None, "a reason")["status"][0]
CHOOSE_QUARTER = "Choose the quarter: Q1, Q2, Q3 or Q4"


class DeliveryJudgementForm(forms.Form):
    """What the person types; the service checks it with the model's rule and saves it."""

    area = forms.ModelChoiceField(
        queryset=None, empty_label=None, label="Area", error_messages={"invalid_choice": "Choose an area from the list"}
    )
    year = FinancialYearFormField(
        label="Financial year",
        help_text="For example, 2006/07",
        error_messages={"required": "Enter the financial year, for example 2006/07"},
    )
    quarter = forms.TypedChoiceField(
        choices=QUARTER_CHOICES,
        coerce=int,
        label="Quarter",
        error_messages={"required": CHOOSE_QUARTER, "invalid_choice": CHOOSE_QUARTER},
    )
    # Drawn as GOV.UK radios by the template; the first radio's id is the field's, so the error summary links to it.
    status = forms.ChoiceField(
        choices=DeliveryRag.choices,
        label="Are the arrangements to hit the target in place?",
        error_messages={"required": CHOOSE_STATUS, "invalid_choice": CHOOSE_STATUS},
    )
    reason = text_field("The reason", widget=forms.Textarea(attrs={"rows": 5}))
    source = text_field("The source", max_length=200)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["reason"].help_text = "What is in place, or what is at risk and what is being done."
        self.fields["source"].label = "Source (optional)"
        self.fields["source"].help_text = "The report or meeting the judgement comes from, if any."
