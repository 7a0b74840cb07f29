"""Form pieces shared by several apps: free-text fields checked by the shared text rule."""

from django import forms
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator

from indicators.validation import COMMENTARY_MAX_LENGTH, text_problem


def text_field(label: str, *, max_length: int = COMMENTARY_MAX_LENGTH, **kwargs) -> forms.CharField:
    """A free-text field checked by the shared text rule (``text_problem``), as the bulk import checks text.

    The rule names the field and covers NUL and the length, so Django's own NUL and length checks are
    dropped (one message, not two); ``max_length`` still sets the input's ``maxlength``.
    """

    def plain_text(value):
        problem = text_problem(value, label=label, max_length=max_length)
        if problem:
            raise forms.ValidationError(problem)

    field = forms.CharField(required=False, max_length=max_length, **kwargs)
    field.validators = [
        v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator | MaxLengthValidator)
    ]
    field.validators.append(plain_text)
    return field
