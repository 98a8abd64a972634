"""One refusal, one status, on the pages and over the API alike.

400 for input the act cannot use, 403 for a role the policy refuses on a packet the user sees,
404 for a packet the user does not see, 409 for a state that does not allow the act or a stale
version; 422 only for the htmx field form re-rendered with its errors. A refusal changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from accounts.errors import Conflict
from handoffs.models import FieldComment, Packet
from handoffs.services.review import review_start
from handoffs.workflow import TransitionRefused

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def everything() -> dict:
    """Every row the handoffs app keeps, and the mail sent: what a refused act must not touch."""
    rows = {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("handoffs").get_models()
    }
    return {**rows, "mail": len(mail.outbox)}


def api(client, path: str, data: dict | None = None):
    return client.post(f"/api/v1/packets/{path}", data or {}, content_type="application/json")


@pytest.fixture
def people(sales_team, revops_admin) -> dict:
    return {**sales_team, "revops": revops_admin}


@pytest.fixture
def packets(gap_packet, cs_packet, sales_team) -> dict:
    """BrightPath waits on Devon; Northwind is with Nina and has one comment thread."""
    FieldComment.objects.create(
        packet=cs_packet, key="stakeholder_map", body="Is Omar staying?", author=sales_team["nina"]
    )
    return {"gap": gap_packet, "cs": cs_packet}


@dataclass(frozen=True)
class Act:
    page: str  # the URL name under packets:
    api: str | None  # the API path after the packet id; {} is the object from `on`
    packet: str  # "gap" or "cs", from the `packets` fixture
    sees: str  # sees the packet, but the policy refuses their role this act
    blind: str  # does not see the packet at all
    on: Callable[[Packet], list] = lambda packet: []
    data: dict | None = None
    method: str = "post"


def a_field(packet: Packet) -> list:
    return ["competitive_context"]


def its_commitment(packet: Packet) -> list:
    return [packet.commitments.get().pk]


def its_flag(packet: Packet) -> list:
    return [packet.risk_flags.first().pk]


def its_thread(packet: Packet) -> list:
    return [packet.comments.get().pk]


SOON = {"starts_at": "2030-01-07T10:00", "duration": "45"}

ACTS = [
    Act("field_edit", None, "gap", "revops", "maya", a_field, method="get"),
    Act("field_save", "fields/{}/", "gap", "revops", "maya", a_field, {"version": 1}),
    Act("field_autosave", None, "gap", "revops", "maya", a_field, {"version": 1}),
    Act("field_confirm", None, "gap", "revops", "maya", a_field),
    Act(
        "field_copy",
        "fields/{}/copy/",
        "gap",
        "revops",
        "maya",
        a_field,
        {"version": 1, "source": 1},
    ),
    Act("submit", "submit/", "gap", "revops", "maya"),
    Act("reconcile", "commitments/{}/reconcile/", "gap", "revops", "maya", its_commitment),
    Act(
        "risk_respond",
        "risk-flags/{}/respond/",
        "gap",
        "revops",
        "maya",
        its_flag,
        {"response": "Ok"},
    ),
    Act("claim", "claim/", "cs", "maya", "devon"),
    Act("reassign", "reassign/", "cs", "maya", "devon", data={"reason": "Busy"}),
    Act("start_review", "review/", "cs", "maya", "marcus"),
    Act("accept", "accept/", "cs", "maya", "marcus", data={"rating": 8, "version": 1}),
    Act("return", "return/", "cs", "maya", "marcus", data={"version": 1}),
    Act("comment", "comments/", "cs", "revops", "devon", data={"key": "risk_flags", "body": "Hi"}),
    Act("resolve_comment", "comments/{}/resolve/", "cs", "revops", "devon", its_thread),
    Act("kickoff_book", "kickoff/", "cs", "maya", "marcus", data=SOON),
    Act("kickoff_reschedule", "kickoff/reschedule/", "cs", "maya", "marcus", data=SOON),
    Act("kickoff_cancel", "kickoff/cancel/", "cs", "maya", "marcus"),
    Act("kickoff_record", "kickoff/record/", "cs", "maya", "marcus", data={"outcome": "held"}),
    Act("warm_call", "warm-call/", "cs", "revops", "devon"),
    Act("soft_signal", "soft-signals/", "cs", "revops", "devon", data={"kind": "politics"}),
]


@pytest.mark.parametrize("act", ACTS, ids=lambda act: act.page)
@pytest.mark.parametrize(("who", "code"), [("sees", 403), ("blind", 404)])
def test_a_denied_role_gets_exactly_403_or_404_on_the_page_and_nothing_changes(
    act, who, code, people, packets, client_for
):
    packet = packets[act.packet]
    url = reverse(f"packets:{act.page}", args=[packet.pk, *act.on(packet)])
    before = everything()

    response = getattr(client_for(people[getattr(act, who)]), act.method)(url, act.data or {})

    assert response.status_code == code
    assert everything() == before


@pytest.mark.parametrize("act", [act for act in ACTS if act.api], ids=lambda act: act.page)
@pytest.mark.parametrize(("who", "code"), [("sees", 403), ("blind", 404)])
def test_a_denied_role_gets_exactly_403_or_404_over_the_api_and_nothing_changes(
    act, who, code, people, packets, client_for
):
    packet = packets[act.packet]
    path = f"{packet.pk}/" + act.api.format(*act.on(packet))
    before = everything()

    response = api(client_for(people[getattr(act, who)]), path, act.data)

    assert response.status_code == code
    assert "detail" in response.json()
    assert everything() == before


@pytest.mark.parametrize(
    ("page", "data", "says"),
    [
        ("accept", {"rating": "x", "version": 1}, "Rating: Enter a whole number."),
        ("accept", {"rating": 8, "version": "abc"}, "Version: Enter a whole number."),
        ("return", {"version": "abc", "reason_key": "risk_flags", "reason": "Why"}, "Version:"),
        ("reassign", {"csm": "abc", "reason": "Busy"}, "Choose the CSM to hand it to."),
        ("comment", {"key": "risk_flags", "body": "Hi", "parent": "abc"}, "Reply to a comment"),
        ("kickoff_book", {**SOON, "duration": "abc"}, "Length in minutes: Enter a whole number."),
        ("kickoff_reschedule", {"starts_at": "soon"}, "Pick a date and time for the kickoff."),
        ("kickoff_record", {"outcome": "maybe"}, "Outcome: Select a valid choice."),
    ],
)
def test_input_the_act_cannot_use_is_a_400_that_says_which(
    page, data, says, sales_team, cs_packet, client_for
):
    before = everything()

    response = client_for(sales_team["nina"]).post(
        reverse(f"packets:{page}", args=[cs_packet.pk]), data
    )

    assert response.status_code == 400
    assert says in response.content.decode()
    assert everything() == before


@pytest.mark.parametrize("page", ["field_save", "field_autosave"])
def test_a_field_form_with_a_version_that_is_not_a_number_is_a_400(
    page, sales_team, gap_packet, client_for
):
    before = everything()

    response = client_for(sales_team["devon"]).post(
        reverse(f"packets:{page}", args=[gap_packet.pk, "competitive_context"]),
        {"version": "abc", "evaluated": "Looker"},
        headers=HTMX,
    )

    assert response.status_code == 400
    assert response.content.decode().startswith('<p class="form-error" role="alert">Version:')
    assert everything() == before


def test_a_rule_of_the_service_is_a_400_on_the_page_and_over_the_api(
    sales_team, cs_packet, client_for
):
    client = client_for(sales_team["nina"])

    page = client.post(
        reverse("packets:comment", args=[cs_packet.pk]), {"key": "risk_flags", "body": " "}
    )
    over_api = api(client, f"{cs_packet.pk}/comments/", {"key": "nonsense", "body": "Hi"})

    assert page.status_code == over_api.status_code == 400
    assert "Write something first." in page.content.decode()
    assert over_api.json() == {"errors": {"key": ["That field is not on this packet."]}}


def test_a_state_that_does_not_allow_the_act_is_a_409_everywhere(sales_team, cs_packet, client_for):
    client = client_for(sales_team["nina"])
    data = {"rating": 8, "version": cs_packet.version}

    page = client.post(reverse("packets:accept", args=[cs_packet.pk]), data)
    fragment = client.post(reverse("packets:accept", args=[cs_packet.pk]), data, headers=HTMX)
    over_api = api(client, f"{cs_packet.pk}/accept/", data)

    assert page.status_code == fragment.status_code == over_api.status_code == 409
    assert "start the review first" in page.content.decode()
    assert fragment.content.decode().startswith('<p class="form-error" role="alert">')
    assert "start the review first" in over_api.json()["detail"]


def test_a_stale_packet_version_is_a_409_everywhere(sales_team, cs_packet, client_for):
    review_start(packet=cs_packet, by=sales_team["nina"])
    client = client_for(sales_team["nina"])
    stale = {"rating": 8, "version": 0}

    page = client.post(reverse("packets:accept", args=[cs_packet.pk]), stale)
    over_api = api(client, f"{cs_packet.pk}/accept/", stale)

    assert page.status_code == over_api.status_code == 409
    assert "changed since you opened it" in over_api.json()["detail"]


def test_a_refused_move_is_a_conflict():
    assert issubclass(TransitionRefused, Conflict)
