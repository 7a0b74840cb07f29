from django import template

from core.display import format_money, format_number

register = template.Library()


@register.filter
def number(value, places=None):
    return format_number(value, None if places in (None, "") else int(places))


@register.filter
def money(value):
    return format_money(value)


@register.filter
def rag_class(status):
    from core.display import rag_class as _rag_class

    return _rag_class(status)


@register.filter
def rag_badge(status):
    from core.display import rag_badge as _rag_badge

    return _rag_badge(status)


@register.filter
def direction_word(direction):
    from core.display import direction_word as _direction_word

    return _direction_word(direction)
