"""The quarterly operator review: flags raised from packets, triaged by CS Ops, signed off by
CS Ops and RevOps. Refusals answer on the review page with the status `accounts.errors` gives."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.errors import answer_for
from accounts.policies import allows, requires
from governance.models import DefinitionsVersion, PromptVersion
from governance.review_selectors import current_quarter, quarter_bounds, review_cycle
from handoffs.models import FlagKind, Packet
from handoffs.review_page import quarters_listed, review_context
from handoffs.services import operator_review
from handoffs.services.operator_review import flags_in
from handoffs.views.packet import packet_action, posted


class FlagForm(forms.Form):
    key = forms.SlugField(max_length=50, label="Field")
    sentence = forms.CharField(required=False, max_length=2000, label="Sentence")
    kind = forms.ChoiceField(choices=FlagKind.choices, label="What is it")
    comment = forms.CharField(max_length=2000, label="Comment")


@require_POST
@packet_action("review.flag", denied="AEs and CSMs flag packets for the quarterly review.")
def flag(request, packet: Packet):
    given = posted(request, FlagForm)
    raised = operator_review.flag_raise(packet=packet, by=request.user, **given)
    what = "A sentence" if raised.sentence else "The field"
    messages.success(
        request,
        f"{what} is flagged as {raised.get_kind_display().lower()} for the "
        f"{current_quarter()} operator review. Thank you.",
    )
    return redirect(f"{reverse('packets:detail', args=[packet.pk])}#field-{raised.key}")


@require_GET
@requires("review.view")
def review_list(request):
    quarters = quarters_listed()
    return render(
        request,
        "handoffs/reviews.html",
        {
            "rows": [
                {
                    "quarter": quarter,
                    "cycle": review_cycle(quarter),
                    "flags": flags_in(quarter).count(),
                    "open": flags_in(quarter).filter(triage="").count(),
                }
                for quarter in quarters
            ]
        },
    )


def review_page(request, quarter: str, status: int = 200, refusal: str = "") -> HttpResponse:
    context = review_context(quarter)
    cycle = context["cycle"]
    user = request.user
    return render(
        request,
        "handoffs/review.html",
        {
            **context,
            "can_triage": allows(user, "review.triage") and not (cycle and cycle.signed_off),
            "can_sign": allows(user, "review.sign_off"),
            "refusal": refusal,
        },
        status=status,
    )


@require_GET
@requires("review.view")
def review_detail(request, quarter: str):
    quarter_bounds(quarter)
    return review_page(request, quarter)


class TriageForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])
    fix = forms.RegexField(
        regex=r"^(prompt|definitions):\d+$",
        required=False,
        label="Addressed by",
        error_messages={"invalid": "Choose a prompt or definitions draft from the list."},
    )
    reason = forms.CharField(required=False, max_length=2000)


def _answered(request, quarter: str, act) -> HttpResponse:
    try:
        done = act()
    except Exception as error:
        answer = answer_for(error)
        if answer is None:
            raise
        return review_page(request, quarter, status=answer.status, refusal=answer.message)
    messages.success(request, done)
    return redirect("governed:review", quarter=quarter)


@require_POST
@requires("review.triage")
def triage(request, quarter: str, flag_pk: int):
    quarter_bounds(quarter)
    flag = get_object_or_404(flags_in(quarter), pk=flag_pk)

    def act() -> str:
        given = posted(request, TriageForm)
        if given["decision"] == "decline":
            operator_review.flag_decline(flag=flag, by=request.user, reason=given["reason"])
            return "Flag declined; the reason is kept with it."
        kind, _, pk = given["fix"].partition(":")
        fix = _fix(kind, int(pk)) if pk else None
        operator_review.flag_accept(
            flag=flag,
            by=request.user,
            prompt=fix if kind == "prompt" else None,
            definitions=fix if kind == "definitions" else None,
        )
        return f"Flag accepted, addressed by {fix}."

    return _answered(request, quarter, act)


def _fix(kind: str, pk: int) -> PromptVersion | DefinitionsVersion:
    model = PromptVersion if kind == "prompt" else DefinitionsVersion
    return get_object_or_404(model, pk=pk)


@require_POST
@requires("review.sign_off")
def sign_off(request, quarter: str):
    quarter_bounds(quarter)

    def act() -> str:
        cycle = operator_review.review_sign_off(quarter=quarter, by=request.user)
        if cycle.signed_off:
            return f"The {quarter} review is signed off by CS Ops and RevOps."
        return f"Signed for your side; the {quarter} review waits for the other side's sign-off."

    return _answered(request, quarter, act)
