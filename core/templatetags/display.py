"""The display rules of ``core.display`` as template filters: ``{% load display %}``."""

from django import template

from core import display

register = template.Library()


@register.filter
def number(value, places=None):
    return display.format_number(value, None if places in (None, "") else int(places))


register.filter("money", display.format_money)
register.filter("rag_class", display.rag_class)
register.filter("rag_badge", display.rag_badge)
register.filter("direction_word", display.direction_word)
register.filter("spc_badge", display.spc_badge)


@register.filter
def columns(spec):
    """'Area|#Figure' -> the column heads includes/_table_head.html writes; a leading # marks a numeric column."""
    return [{"label": column.lstrip("#"), "numeric": column.startswith("#")} for column in spec.split("|")]


@register.filter
def choices(items, attributes=""):
    """The (value, text) pairs includes/_select.html lists: ``areas|choices:"slug,name"`` reads two attributes of
    each item; without them each item is both (``years|choices``, years written as labels)."""
    if not attributes:
        return [(item, item) for item in items]
    value, text = attributes.split(",")
    return [(getattr(item, value), getattr(item, text)) for item in items]


@register.simple_tag
def quarter_choices():
    """The four quarters of a year as includes/_select.html's pairs: ``{% quarter_choices as quarters %}``."""
    return [(number, f"Q{number}") for number in (1, 2, 3, 4)]
