"""Forms for quarterly returns: inputs only; the rules live in ``indicators.validation``."""

from datetime import datetime
from decimal import Decimal

from django import forms

from core.forms import text_field
from indicators.delivery import judgement_errors
from indicators.delivery_forms import CHOOSE_STATUS
from indicators.judgements import DeliveryRag
from indicators.validation import check_entry, commentary_required, out_of_line
from partnerships.models import DeliveryStatus
from returns.selectors import ReturnPage, ReturnRow
from returns.services import NOT_CHECKED, Entry, Judgement, MilestoneUpdate


def _shown(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


class ReturnForm(forms.Form):
    """One return page: per indicator value (or numerator and denominator), commentary, an
    out-of-line confirmation and an optional delivery judgement; per milestone a delivery status and a note.

    Field names: ``i<indicator id>-value`` etc. and ``m<milestone id>-status``; the
    error summary links to ``#id_<name>``.
    """

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # When what the page showed was last written (``ReturnPage.seen``): a write made since, by any path, is a
    # conflict rather than something the save silently replaces.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)
    # "save" keeps a draft (the default button, so Enter in a box saves); "review" saves and opens the check
    # of what will be sent; "submit" is only ever built by ``from_stored`` for that check's confirmation.
    action = forms.ChoiceField(
        choices=[("save", "Save draft"), ("review", "Check and submit to the Board"), ("submit", "Submit")]
    )

    def __init__(self, *args, page: ReturnPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.entries: list[Entry] = []
        self.milestone_updates: list[MilestoneUpdate] = []
        self.judgements: list[Judgement] = []
        self.computed: dict[int, Decimal | None] = {}
        self.fields["version"].initial = page.version
        self.fields["seen"].initial = page.seen
        for row in page.rows:
            prefix = f"i{row.indicator.pk}"
            # A synthetic demonstration figure is never pre-filled: a pre-filled box becomes the manager's own
            # figure on the next save (even an Enter), so the page shows it, tagged, beside an empty box.
            stored = row.measurement if row.measurement and not row.measurement.is_synthetic else None
            ratio_stored = stored is not None and stored.numerator is not None and row.takes_ratio
            self.fields[f"{prefix}-value"] = forms.CharField(
                required=False, max_length=40, initial="" if ratio_stored or not stored else _shown(stored.value)
            )
            if row.takes_ratio:
                for part in ("numerator", "denominator"):
                    self.fields[f"{prefix}-{part}"] = forms.CharField(
                        required=False,
                        max_length=40,
                        initial=_shown(getattr(stored, part)) if ratio_stored else "",
                    )
            self.fields[f"{prefix}-commentary"] = text_field(
                f"{row.indicator.code} commentary", initial=stored.commentary if stored else ""
            )
            self.fields[f"{prefix}-confirm"] = forms.BooleanField(
                required=False, initial=bool(stored and stored.outlier_confirmed)
            )
            self._add_judgement_fields(row)
        for milestone in page.milestones:
            self.fields[f"m{milestone.pk}-status"] = forms.ChoiceField(
                choices=DeliveryStatus.choices, initial=milestone.status
            )
            self.fields[f"m{milestone.pk}-note"] = text_field(f"The note on {milestone.title}", initial=milestone.note)

    def _add_judgement_fields(self, row: ReturnRow) -> None:
        """Optional: no radio chosen and no reason typed means no judgement is entered (none is removed)."""
        prefix, judged = f"i{row.indicator.pk}", row.judgement
        self.fields[f"{prefix}-delivery"] = forms.ChoiceField(
            required=False,
            choices=DeliveryRag.choices,
            initial=judged.status if judged else "",
            error_messages={"invalid_choice": f"{row.indicator.code}: {CHOOSE_STATUS}"},
        )
        reason = self.fields[f"{prefix}-delivery_reason"] = text_field(
            f"The reason for the {row.indicator.code} delivery judgement", initial=judged.reason if judged else ""
        )
        reason.label = "Reason"
        reason.help_text = "What is in place, or what is at risk and what is being done"

    def _check_judgement(self, row: ReturnRow, data) -> None:
        """The judgement, if one is entered, checked by the one rule the admin, the import and the model use."""
        prefix = f"i{row.indicator.pk}"
        status, reason = data.get(f"{prefix}-delivery") or "", data.get(f"{prefix}-delivery_reason") or ""
        if {f"{prefix}-delivery", f"{prefix}-delivery_reason"} & set(self.errors) or not (status or reason.strip()):
            return
        errors = judgement_errors(status, reason)
        for name, messages in errors.items():
            field = f"{prefix}-delivery" if name == "status" else f"{prefix}-delivery_reason"
            for message in messages:
                self.add_error(field, f"{row.indicator.code}: {message}")
        if not errors:
            self.judgements.append(Judgement(indicator=row.indicator, status=status, reason=reason))

    @classmethod
    def from_stored(cls, page: ReturnPage, *, version, seen: str | None = None) -> "ReturnForm":
        """The form as if the manager sent the stored draft unchanged, with the submission's checks: what a
        submission would send, checked the same way as typed figures. ``seen``: what the check page had shown."""
        data = {name: field.initial for name, field in cls(page=page).fields.items() if field.initial}
        data.pop("seen", None)
        data.update(version=version, action="submit")
        if seen is not None:
            data["seen"] = seen
        return cls(data, page=page)

    def clean_seen(self):
        """A moment (``NOT_CHECKED`` when the caller sent none, None when nothing had been written yet)."""
        if "seen" not in self.data:
            return NOT_CHECKED
        try:
            return datetime.fromisoformat(self.cleaned_data["seen"])
        except ValueError:  # empty (nothing had been written), or altered: every write since counts as unseen
            return None

    def clean(self):
        data = super().clean()
        submitting = data.get("action") in ("review", "submit")
        for row in self.page.rows:
            prefix = f"i{row.indicator.pk}"
            code = row.indicator.code
            self._check_judgement(row, data)
            result = check_entry(
                code=code,
                unit=row.indicator.unit,
                value=data.get(f"{prefix}-value"),
                numerator=data.get(f"{prefix}-numerator"),
                denominator=data.get(f"{prefix}-denominator"),
            )
            for name, messages in result.errors.items():
                for message in messages:
                    self.add_error(f"{prefix}-{name}", message)
            if not result.is_valid:
                continue
            self.computed[row.indicator.pk] = result.value
            commentary = (data.get(f"{prefix}-commentary") or "").strip()
            confirmed = bool(data.get(f"{prefix}-confirm"))
            warning = out_of_line(result.value, row.history)
            if warning and not confirmed:
                self.add_error(
                    f"{prefix}-confirm",
                    f"{code}: {warning}. Check the figure, then tick the box to confirm it is right",
                )
            rating = row.rating(result.value)
            if submitting and commentary_required(rating.status) and not commentary:
                self.add_error(
                    f"{prefix}-commentary",
                    f"Explain why {code} is off target ({rating.status.label}) and what is being done",
                )
            self.entries.append(
                Entry(
                    indicator=row.indicator,
                    value=result.value,
                    numerator=result.numerator,
                    denominator=result.denominator,
                    commentary=commentary,
                    outlier_confirmed=bool(warning) and confirmed,
                )
            )
        for milestone in self.page.milestones:
            status = data.get(f"m{milestone.pk}-status")
            if status:
                self.milestone_updates.append(
                    MilestoneUpdate(milestone=milestone, status=status, note=data.get(f"m{milestone.pk}-note") or "")
                )
        return data


class DecisionForm(forms.Form):
    """A board officer's decision on a submitted return."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("send_back", "Return to the manager")])
    reason = text_field("The reason")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "send_back" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason for returning it, so the manager knows what to correct")
        return data
