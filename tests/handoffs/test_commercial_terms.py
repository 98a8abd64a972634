"""Commercial terms edit without loss: amounts, dates and flags round-trip; text follows data."""

from datetime import date
from decimal import Decimal

import pytest

from handoffs.field_forms import CommercialTermsForm
from handoffs.field_text import commercial_terms
from handoffs.money import format_money

TERMS = {
    "acv": "28000.00",
    "currency": "USD",
    "term_months": 12,
    "start_date": "2026-10-20",
    "ramp": [{"period": "Year 1", "amount": "20000.50"}, {"period": "Year 2", "amount": "28000"}],
    "prepaid": False,
    "prepay_terms": "Annual invoice, net 30",
    "opt_outs": ["Terminate for convenience at month 6"],
    "lines": [{"business_unit": "Analytics", "product": "Insight", "amount": "28000"}],
}


def posted(form: CommercialTermsForm) -> dict:
    """What the browser sends back for an untouched form."""
    values = {}
    for name in form.fields:
        value = form.initial.get(name)
        values[name] = value.isoformat() if isinstance(value, date) else value or ""
    return values


@pytest.mark.parametrize("prepaid", [True, False, None])
def test_saving_the_form_unchanged_keeps_every_value(prepaid):
    data = {**TERMS, "prepaid": prepaid}
    form = CommercialTermsForm(posted(CommercialTermsForm(data_shape=data)), data_shape=data)

    assert form.is_valid(), form.errors
    assert form.to_data(data) == data


def test_the_text_is_rendered_from_the_data_with_one_money_format():
    assert commercial_terms(TERMS) == (
        "ACV USD 28,000 over 12 months starting Oct 20, 2026. "
        "Ramp: Year 1: USD 20,000.50; Year 2: USD 28,000. "
        "Prepaid: no; billing: Annual invoice, net 30. "
        "Opt-outs: Terminate for convenience at month 6."
    )


def test_a_prepaid_deal_says_its_terms():
    text = commercial_terms({**TERMS, "prepaid": True, "prepay_terms": "Upfront, net 15."})

    assert "Prepaid: yes (Upfront, net 15)." in text


def test_unstated_values_read_as_not_stated():
    text = commercial_terms({"acv": None, "currency": "EUR", "ramp": None, "opt_outs": None})

    assert text == (
        "ACV not stated. Term: not stated. Ramp: not stated. Prepaid: not stated. "
        "Opt-outs: not stated."
    )


def test_a_multi_unit_deal_lists_each_unit_s_line():
    lines = [
        {"business_unit": "Analytics", "product": "Platform", "amount": "150000"},
        {"business_unit": "Integrations", "product": "Connectors", "amount": "36000"},
    ]

    text = commercial_terms({**TERMS, "lines": lines})

    assert text.endswith(
        "Lines: Analytics — Platform USD 150,000; Integrations — Connectors USD 36,000."
    )


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("28000"), "USD", "USD 28,000"),
        ("2062.5", "USD", "USD 2,062.50"),
        (91788, "EUR", "EUR 91,788"),
        ("0.005", "GBP", "GBP 0.01"),
        (None, "USD", "not stated"),
        ("abc", "USD", "not stated"),
    ],
)
def test_money_reads_one_way_everywhere(amount, currency, expected):
    assert format_money(amount, currency) == expected


def test_a_ramp_step_that_is_not_an_amount_is_an_error_next_to_the_field():
    form = CommercialTermsForm(
        {**posted(CommercialTermsForm(data_shape=TERMS)), "ramp": "Y1: lots"}
    )

    assert not form.is_valid()
    assert form.errors["ramp"] == ["“Y1: lots” should read like “Year 1: 150000”."]
