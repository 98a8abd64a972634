"""`{{ amount|money:currency }}`: the one money format in templates."""

from django import template

from handoffs.money import format_money

register = template.Library()


@register.filter(name="money")
def money_filter(amount, currency: str = "") -> str:
    return format_money(amount, currency)
