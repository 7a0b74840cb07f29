from django import template

from indicators.display import format_money, format_number

register = template.Library()


@register.filter
def number(value, places=None):
    return format_number(value, None if places in (None, "") else int(places))


@register.filter
def money(value):
    return format_money(value)
