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
