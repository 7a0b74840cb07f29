"""How numbers, money and statuses are shown: one rule each, used by every template through filters and by tables.

Plain Python apart from ``format_html`` (which escapes the badge's text).
"""

from decimal import Decimal, InvalidOperation

from django.utils.html import format_html


def format_number(value, places: int | None = None) -> str:
    """'98,001', '3.34', '1,084'; trailing zeros dropped unless ``places`` is given; '–' for no value."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if places is not None:
        return f"{number:,.{places}f}"
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_money(value) -> str:
    """'£59,551' for whole pounds, '£13,711.12' otherwise; '–' for no value."""
    if value is None or value == "":
        return "–"
    number = Decimal(value)
    sign = "−" if number < 0 else ""
    number = abs(number)
    if number == number.to_integral_value():
        return f"{sign}£{number:,.0f}"
    return f"{sign}£{number:,.2f}"


RAG_CLASSES = {
    "green": "app-rag app-rag--green",
    "amber": "app-rag app-rag--amber",
    "red": "app-rag app-rag--red",
    "data_only": "app-rag app-rag--data-only",
    "not_due": "app-rag app-rag--not-due",
    "missing": "app-rag app-rag--missing",
}

DIRECTION_WORDS = {"better": "Better", "same": "Same", "worse": "Worse", "unknown": "No comparison"}


def rag_class(status: str) -> str:
    """CSS classes for a RAG badge; the badge always shows the word too."""
    return RAG_CLASSES.get(str(status), "app-rag")


def rag_badge(status) -> str:
    """The RAG badge: the status word in its colour (the word is always there; colour is never the only signal)."""
    return format_html('<strong class="{}">{}</strong>', rag_class(status), getattr(status, "label", status))


def direction_word(direction: str) -> str:
    return DIRECTION_WORDS.get(str(direction), "No comparison")


def spc_badge(judgement) -> str:
    """A variation or assurance judgement: a tag with the words (the icon never stands alone)."""
    if judgement is None:
        return "Not assessed"
    return format_html('<strong class="govuk-tag {}">{}</strong>', SPC_TAGS.get(judgement.value, ""), judgement.label)


# GOV.UK tag colours for the judgements; the words are always there, so colour is never the only signal.
SPC_TAGS = {
    "improving": "govuk-tag--blue",
    "concerning": "govuk-tag--orange",
    "special_neutral": "govuk-tag--purple",
    "common": "govuk-tag--grey",
    "too_few": "govuk-tag--grey",
    "met": "govuk-tag--green",
    "hit_and_miss": "govuk-tag--yellow",
    "not_met": "govuk-tag--red",
    "not_assessed": "govuk-tag--grey",
}
