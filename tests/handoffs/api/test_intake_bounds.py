"""Intake accepts only what the worker can load: everything else is a 400 that says what is
wrong, before a row is written or a task queued."""

import json

import pytest

from accounts.models import BusinessUnit
from handoffs.models import Account, Handoff, InboundEvent, Opportunity
from tests.factories import ApiTokenFactory
from tests.handoffs.markers import nul_is_refused_by_postgresql

pytestmark = pytest.mark.django_db

URL = "/api/v1/intake/events/"
TOKEN = "hbk_bounds-token"
BRIGHTPATH = "brightpath-closed-won"
LUMEN = "lumen-plg-trigger"


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST a payload (or raw bytes) with an API token; returns the response and the tasks it
    queued."""
    ApiTokenFactory(raw=TOKEN)

    def post(payload=None, *, body: bytes | None = None, **extra):
        with django_capture_on_commit_callbacks() as queued:
            response = client.post(
                URL,
                data=json.dumps(payload).encode() if body is None else body,
                content_type="application/json",
                headers={"Authorization": f"Bearer {TOKEN}"},
                **extra,
            )
        return response, queued

    return post


def assert_nothing_stored(queued) -> None:
    assert not InboundEvent.objects.exists()
    assert not Handoff.objects.exists()
    assert not Account.objects.exists()
    assert not BusinessUnit.objects.exclude(slug__in=["analytics", "integrations"]).exists()
    assert queued == []


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


def set_in(payload: dict, path: str, value) -> dict:
    *parents, last = path.split(".")
    target = payload
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return payload


REFUSED_VALUES = [
    # (example, dotted path set to the value, the value, message fragment)
    pytest.param(
        BRIGHTPATH,
        "account.employees",
        10**12,
        "less than or equal to 2147483647",
        id="employees-beyond-the-integer-column",
    ),
    pytest.param(
        BRIGHTPATH,
        "transcripts.0.turns.0.start_seconds",
        10**12,
        "less than or equal to 2147483647",
        id="start-seconds-beyond-the-integer-column",
    ),
    pytest.param(
        BRIGHTPATH, "account.name", "N" * 201, "at most 200 characters", id="name-over-its-column"
    ),
    pytest.param(
        BRIGHTPATH,
        "contacts.0.linkedin_url",
        "https://www.linkedin.com/in/" + "a" * 180,
        "at most 200 characters",
        id="url-over-its-column",
    ),
    pytest.param(
        BRIGHTPATH,
        "transcripts.0.source",
        "s" * 51,
        "at most 50 characters",
        id="transcript-source-over-its-column",
    ),
    pytest.param(
        BRIGHTPATH,
        "opportunity.amount",
        "1000000000000.00",
        "no more than 12 digits before the decimal point",
        id="amount-beyond-the-money-column",
    ),
    pytest.param(
        LUMEN, "trigger.amount", 10**15, "no more than 14 digits", id="plg-amount-beyond-it"
    ),
    pytest.param(
        BRIGHTPATH,
        "occurred_at",
        "9999-12-31T23:59:00-05:00",
        "between 1900 and 2200",
        id="a-year-past-2200",
    ),
    pytest.param(
        BRIGHTPATH,
        "contract.start_date",
        "0001-01-01",
        "between 1900 and 2200",
        id="a-year-before-1900",
    ),
    pytest.param(
        BRIGHTPATH,
        "event_id",
        "hs-evt/7781203",
        "only letters, digits and . _ : -",
        id="an-event-id-with-a-slash",
    ),
    pytest.param(
        BRIGHTPATH, "event_id", "e" * 201, "1 to 200 characters", id="an-event-id-too-long"
    ),
    pytest.param(
        BRIGHTPATH,
        "custom_fields",
        {"deep": nested(40)},
        "nested deeper than 32 levels",
        id="an-ignored-key-nested-too-deep",
    ),
]


@pytest.mark.parametrize(("example", "path", "value", "message"), REFUSED_VALUES)
def test_a_value_the_worker_could_not_store_is_refused_where_it_is(
    send, example_event, example, path, value, message
):
    response, queued = send(set_in(example_event(example), path, value))

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(message in text for where, texts in errors.items() for text in texts), errors
    assert path.split(".")[0] in " ".join(errors)
    assert_nothing_stored(queued)


def test_a_business_unit_nobody_set_up_is_a_field_error_and_is_never_created(send, example_event):
    payload = example_event("northwind-closed-won")
    payload["opportunity"]["lines"][1]["business_unit"] = "robotics"

    response, queued = send(payload)

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "opportunity.lines.1.business_unit": [
            "No business unit 'robotics' is set up in Handbrief; RevOps adds it first."
        ]
    }
    assert_nothing_stored(queued)


def test_a_product_led_event_is_refused_while_its_unit_is_not_set_up(send, example_event, settings):
    settings.HANDBRIEF = {**settings.HANDBRIEF, "PLG_BUSINESS_UNIT": "growth"}

    response, queued = send(example_event(LUMEN))

    assert response.status_code == 400
    assert "No business unit 'growth'" in response.json()["errors"]["trigger"][0]
    assert_nothing_stored(queued)


def test_a_product_led_deal_key_longer_than_its_column_is_refused(send, example_event):
    payload = example_event(LUMEN)
    payload["account"]["external_id"] = "w" * 100

    response, queued = send(payload)

    assert response.status_code == 400
    assert "deal key longer than 100 characters" in response.json()["errors"]["event"][0]
    assert_nothing_stored(queued)


def test_a_body_nested_five_thousand_deep_is_refused(send):
    response, queued = send(body=b"[" * 5000 + b"]" * 5000)

    assert response.status_code == 400
    assert response.json()["errors"] == {"body": ["Nested deeper than 32 levels."]}
    assert_nothing_stored(queued)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_number_json_does_not_have_is_refused(send, example_event, constant):
    body = json.dumps(example_event(BRIGHTPATH)).replace(
        '"employees": 310', f'"employees": {constant}'
    )

    response, queued = send(body=body.encode())

    assert response.status_code == 400
    assert response.json()["errors"]["body"] == [f"Not valid JSON: {constant} is not a JSON number"]
    assert_nothing_stored(queued)


def test_an_overflowing_number_in_an_ignored_key_is_refused(send, example_event):
    body = json.dumps({**example_event(BRIGHTPATH), "score": "X"}).replace('"X"', "1e400")

    response, queued = send(body=body.encode())

    assert response.status_code == 400
    assert response.json()["errors"] == {"score": ["must be a finite number"]}
    assert_nothing_stored(queued)


def test_an_integer_of_five_thousand_digits_is_refused(send, example_event):
    body = json.dumps(example_event(BRIGHTPATH)).replace("310", "9" * 5000)

    response, queued = send(body=body.encode())

    assert response.status_code == 400
    assert response.json()["errors"]["body"][0].startswith("Not valid JSON: Exceeds the limit")
    assert_nothing_stored(queued)


def test_a_lone_surrogate_is_refused(send, example_event):
    body = json.dumps(example_event(BRIGHTPATH)).replace("BrightPath Learning", "Bright\\ud800")

    response, queued = send(body=body.encode())

    assert response.status_code == 400
    assert response.json()["errors"]["account.name"] == [
        "is not valid Unicode (it holds a lone surrogate)"
    ]
    assert_nothing_stored(queued)


@nul_is_refused_by_postgresql
@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("account.name", "account.name"),
        ("transcripts.0.turns.0.text", "transcripts.0.turns.0.text"),
    ],
)
def test_a_nul_inside_a_string_is_refused(send, example_event, path, where):
    response, queued = send(set_in(example_event(BRIGHTPATH), path, "before\u0000after"))

    assert response.status_code == 400
    assert response.json()["errors"] == {
        where: ["contains a NUL character (\\u0000), which cannot be stored"]
    }
    assert_nothing_stored(queued)


@nul_is_refused_by_postgresql
def test_a_nul_in_an_ignored_key_is_refused(send, example_event):
    response, queued = send({**example_event(BRIGHTPATH), "crm\u0000field": 1})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "event": ["a key contains a NUL character (\\u0000), which cannot be stored"]
    }
    assert_nothing_stored(queued)


def test_an_event_at_every_bound_is_processed(ingest, example_event, sales_team):
    payload = example_event(BRIGHTPATH)
    payload["account"].update(name="N" * 200, employees=2**31 - 1, industry="i" * 100)
    payload["contacts"][0]["linkedin_url"] = "https://www.linkedin.com/in/" + "a" * 172
    payload["transcripts"][0]["source"] = "s" * 50
    payload["transcripts"][0]["turns"][0]["start_seconds"] = 2**31 - 1
    payload["opportunity"]["amount"] = "999999999999.99"
    payload["event_id"] = "E" * 200

    received = ingest(payload)

    received.inbound.refresh_from_db()
    assert received.inbound.status == "processed", received.inbound.error
    assert received.handoff.packets.count() == 1


def test_a_product_led_deal_of_an_account_with_the_longest_name_is_named_within_its_column(
    ingest, example_event, sales_team
):
    payload = example_event(LUMEN)
    payload["account"]["name"] = "L" * 200

    received = ingest(payload)

    received.inbound.refresh_from_db()
    assert received.inbound.status == "processed", received.inbound.error
    name = Opportunity.objects.get().name
    assert len(name) == 200
    assert name.endswith("L - Business upgrade")
