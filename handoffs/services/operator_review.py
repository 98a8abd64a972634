"""The quarterly operator review: AEs and CSMs flag what is wrong, noise or missing on packets;
CS Ops triage each flag; CS Ops and RevOps sign the quarter off.

A flag keeps what produced the words (packet and field versions, the prompt of the last LLM
draft, the definitions that scored it). Triage points an accepted flag at the draft prompt or
definitions version that addresses it, or declines it with a reason.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.errors import Conflict, RoleRefused
from accounts.models import Role, User
from accounts.policies import allows
from governance.models import DefinitionsVersion, PromptState, PromptVersion, ReviewCycle
from governance.review_selectors import quarter_bounds, quarter_of
from governance.selectors import field_definitions
from handoffs.drafting.language import sentences
from handoffs.models import DraftRun, OperatorFlag, Packet, PacketField, Triage


def sentences_of(field: PacketField | None) -> list[str]:
    """The sentences a person may flag on a field: its lines, split at sentence ends."""
    text = field.text if field else ""
    return [part for line in text.splitlines() for part in sentences(line.strip(" •"))]


@transaction.atomic
def flag_raise(
    *, packet: Packet, key: str, kind: str, comment: str, sentence: str, by: User
) -> OperatorFlag:
    """Keep a person's flag with the versions that produced what they saw."""
    if not allows(by, "review.flag", packet):
        raise RoleRefused("AEs and CSMs flag packets for the quarterly review.")
    keys = {definition.key for definition in field_definitions(packet.definitions_version)}
    field = PacketField.objects.filter(packet=packet, key=key).first()
    if key not in keys and field is None:
        raise ValidationError({"key": "That field is not on this packet."})
    sentence = sentence.strip()
    if sentence and sentence not in sentences_of(field):
        raise ValidationError({"sentence": "Flag a sentence the field says, or the whole field."})
    if not comment.strip():
        raise ValidationError({"comment": "Say what is wrong, noise or missing."})
    run = DraftRun.objects.filter(packet=packet).order_by("-created_at", "-id").first()
    return OperatorFlag.objects.create(
        packet=packet,
        key=key,
        sentence=sentence,
        kind=kind,
        comment=comment.strip(),
        raised_by=by,
        packet_version=packet.version,
        field_version=field.version if field else 0,
        drafter=packet.drafter,
        prompt_version_id=run.prompt_version_id if run else None,
        definitions_version_id=packet.definitions_version_id,
    )


def _triaged(flag: OperatorFlag, by: User) -> None:
    if not allows(by, "review.triage"):
        raise RoleRefused("CS Ops triage the operators' flags.")
    cycle = ReviewCycle.objects.filter(quarter=quarter_of(timezone.localdate(flag.raised_at)))
    if cycle.filter(cs_ops_signed_at__isnull=False, revops_signed_at__isnull=False).exists():
        raise Conflict("This quarter's review is signed off; its triage is final.")


@transaction.atomic
def flag_accept(
    *,
    flag: OperatorFlag,
    by: User,
    prompt: PromptVersion | None = None,
    definitions: DefinitionsVersion | None = None,
) -> OperatorFlag:
    """Accept a flag, naming the draft (or in-review) version that addresses it."""
    _triaged(flag, by)
    fix = prompt or definitions
    if fix is None or (prompt and definitions):
        raise ValidationError({"fix": "Name the one prompt or definitions draft that fixes it."})
    if fix.state not in (PromptState.DRAFT, PromptState.IN_REVIEW):
        raise ValidationError({"fix": f"{fix} is not a draft or in review."})
    flag.triage, flag.triage_reason = Triage.ACCEPTED, ""
    flag.addressed_by_prompt, flag.addressed_by_definitions = prompt, definitions
    flag.triaged_by, flag.triaged_at = by, timezone.now()
    flag.save()
    return flag


@transaction.atomic
def flag_decline(*, flag: OperatorFlag, by: User, reason: str) -> OperatorFlag:
    _triaged(flag, by)
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is declined; the flag's author reads it."})
    flag.triage, flag.triage_reason = Triage.DECLINED, reason.strip()
    flag.addressed_by_prompt = flag.addressed_by_definitions = None
    flag.triaged_by, flag.triaged_at = by, timezone.now()
    flag.save()
    return flag


def flags_in(quarter: str):
    start, end = quarter_bounds(quarter)
    return OperatorFlag.objects.filter(raised_at__date__gte=start, raised_at__date__lte=end)


@transaction.atomic
def review_sign_off(*, quarter: str, by: User) -> ReviewCycle:
    """Sign the quarter off for your side (CS Ops or RevOps); every flag must be triaged."""
    if not allows(by, "review.sign_off"):
        raise RoleRefused("CS Ops and RevOps admins sign the quarterly review off.")
    start, end = quarter_bounds(quarter)
    cycle, _ = ReviewCycle.objects.select_for_update().get_or_create(
        quarter=quarter, defaults={"starts_on": start, "ends_on": end}
    )
    open_flags = flags_in(quarter).filter(triage=Triage.OPEN).count()
    if open_flags:
        raise Conflict(
            f"{open_flags} flag{'s' if open_flags != 1 else ''} still to triage before sign-off."
        )
    side = "cs_ops" if by.role == Role.CS_OPS else "revops"
    if getattr(cycle, f"{side}_signed_at") is not None:
        raise Conflict(f"{getattr(cycle, f'{side}_signed_by')} already signed for this side.")
    setattr(cycle, f"{side}_signed_by", by)
    setattr(cycle, f"{side}_signed_at", timezone.now())
    cycle.save()
    return cycle
