"""Writes the history stories (`history.stories`) as rows: accounts, deals, handoffs, packets,
their transitions, sign-offs and kickoffs, then what became of each customer afterwards.

Steps a story places after now are left out, so the newest deals are still under way.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import BusinessUnit, Role, User
from handoffs.demo.customer_outcomes import write_outcomes, write_plans
from handoffs.demo.history import (
    FIRST_WORDS,
    OLDEST_DAYS_AGO,
    SECOND_WORDS,
    Story,
    stories,
)
from handoffs.models import (
    Account,
    Decision,
    Handoff,
    Kickoff,
    KickoffStatus,
    Opportunity,
    OpportunityLine,
    Packet,
    PacketField,
    PacketTransition,
    SignOff,
    Status,
)

DEMO_DEALS = 240
BATCH = 500
# Steps taken by the AE, and by the CSM; Handbrief itself took the rest.
AE_STEPS = {(Status.NEEDS_AE, Status.READY_FOR_CS), (Status.RETURNED, Status.READY_FOR_CS)}
CSM_STEPS = {Status.IN_REVIEW, Status.RETURNED, Status.ACCEPTED, Status.KICKOFF_BOOKED}


@dataclass(frozen=True)
class People:
    aes: dict[int, list[User]]
    csms: dict[int, list[User]]

    @classmethod
    def by_unit(cls, units: list[BusinessUnit]) -> "People":
        def of(role: Role) -> dict[int, list[User]]:
            people = list(User.objects.filter(role=role, is_active=True).order_by("pk"))
            return {
                unit.pk: [p for p in people if p.business_unit_id == unit.pk] or people
                for unit in units
            }

        return cls(aes=of(Role.AE), csms=of(Role.CSM))

    def pick(self, group: dict[int, list[User]], unit: BusinessUnit, n: int) -> User | None:
        found = group[unit.pk]
        return found[n % len(found)] if found else None


def _name(n: int) -> str:
    word = f"{FIRST_WORDS[n % len(FIRST_WORDS)]} {SECOND_WORDS[n // len(FIRST_WORDS) % 10]}"
    rounds = n // (len(FIRST_WORDS) * len(SECOND_WORDS))
    return f"{word} {rounds + 1}" if rounds else word


def seed_history(
    *,
    count: int = DEMO_DEALS,
    tag: str = "hist",
    with_fields: bool = True,
    span: int = OLDEST_DAYS_AGO,
) -> int:
    """`count` history deals closed over `span` days, under the external-id prefix `tag`,
    once; 0 if they are there already."""
    if Opportunity.objects.filter(external_id__startswith=f"{tag}-").exists():
        return 0
    units = list(BusinessUnit.objects.order_by("slug"))
    if not units:
        return 0
    today = timezone.localdate()
    drawn = stories(count, len(units), today, span)
    with transaction.atomic():
        packets = _write(drawn, units, People.by_unit(units), tag)
        if with_fields:
            _copy_fields(packets, drawn, tag)
        write_plans(drawn, packets, today)
        write_outcomes(drawn, packets, today)
    return len(packets)


def _write(drawn: list[Story], units: list[BusinessUnit], people: People, tag: str) -> list:
    now = timezone.now()
    accounts = Account.objects.bulk_create(
        [
            Account(
                external_id=f"{tag}-{s.n}",
                name=_name(s.n),
                domain=f"{tag}-{s.n}.example",
                industry="",
            )
            for s in drawn
        ],
        batch_size=BATCH,
    )
    aes = [people.pick(people.aes, units[s.unit], s.n) for s in drawn]
    opportunities = Opportunity.objects.bulk_create(
        [
            Opportunity(
                external_id=f"{tag}-{s.n}",
                account=account,
                name=f"{account.name} - {units[s.unit].name}",
                source="demo history",
                close_date=s.close,
                amount=s.amount,
                segment=s.segment,
                motion="plg" if s.plg else "sales_led",
                owner_email=ae.email if ae else "",
            )
            for s, account, ae in zip(drawn, accounts, aes, strict=True)
        ],
        batch_size=BATCH,
    )
    OpportunityLine.objects.bulk_create(
        [
            OpportunityLine(
                opportunity=o,
                product=units[s.unit].name,
                business_unit=units[s.unit],
                amount=s.amount,
            )
            for s, o in zip(drawn, opportunities, strict=True)
        ],
        batch_size=BATCH,
    )
    handoffs = Handoff.objects.bulk_create(
        [
            Handoff(opportunity_key=o.external_id, opportunity=o, ae=ae)
            for o, ae in zip(opportunities, aes, strict=True)
        ],
        batch_size=BATCH,
    )
    for handoff, s in zip(handoffs, drawn, strict=True):
        handoff.created_at = s.received
    Handoff.objects.bulk_update(handoffs, ["created_at"], batch_size=BATCH)
    packets = []
    for s, handoff in zip(drawn, handoffs, strict=True):
        s.steps = [step for step in s.steps if step[2] <= now]
        last = s.steps[-1]
        reached = [at for _, to, at, _ in s.steps if to == Status.READY_FOR_CS]
        packets.append(
            Packet(
                handoff=handoff,
                business_unit=units[s.unit],
                status=last[1],
                csm=people.pick(people.csms, units[s.unit], s.n) if reached else None,
                due_at=last[3],
                score=s.score,
                gate=s.gate,
                passed_gate=s.score >= s.gate,
                gate_passed_at=reached[0] if reached else None,
                word_count=1600 + 40 * s.score,
                drafter="rules",
            )
        )
    packets = Packet.objects.bulk_create(packets, batch_size=BATCH)
    for packet, s in zip(packets, drawn, strict=True):
        packet.created_at = packet.updated_at = s.received
    Packet.objects.bulk_update(packets, ["created_at", "updated_at"], batch_size=BATCH)
    _write_steps(drawn, packets)
    return packets


def _actor(packet: Packet, step: tuple) -> User | None:
    if (step[0], step[1]) in AE_STEPS:
        return packet.handoff.ae
    return packet.csm if step[1] in CSM_STEPS else None


def _write_steps(drawn: list[Story], packets: list[Packet]) -> None:
    PacketTransition.objects.bulk_create(
        [
            PacketTransition(
                packet=packet,
                from_status=source,
                to_status=to,
                actor=_actor(packet, (source, to)),
                reason="Demo history",
                due_at=due,
                created_at=at,
            )
            for s, packet in zip(drawn, packets, strict=True)
            for source, to, at, due in s.steps
        ],
        batch_size=BATCH,
    )
    sign_offs, kickoffs = [], []
    for s, packet in zip(drawn, packets, strict=True):
        done = {to: at for _, to, at, _ in s.steps}
        if s.returned_at and Status.RETURNED in done:
            sign_offs.append(
                SignOff(
                    packet=packet,
                    decision=Decision.RETURNED,
                    by=packet.csm,
                    packet_version=1,
                    reasons=[{"key": "success_criteria", "reason": "No target dates."}],
                    created_at=s.returned_at,
                )
            )
        if Status.ACCEPTED in done:
            sign_offs.append(
                SignOff(
                    packet=packet,
                    decision=Decision.ACCEPTED,
                    by=packet.csm,
                    packet_version=2 if s.returned_at else 1,
                    rating=s.rating,
                    created_at=done[Status.ACCEPTED],
                )
            )
        if Status.KICKOFF_BOOKED in done:
            kickoffs.append(_kickoff(s, packet, done))
    SignOff.objects.bulk_create(sign_offs, batch_size=BATCH)
    Kickoff.objects.bulk_create(kickoffs, batch_size=BATCH)


def _kickoff(s: Story, packet: Packet, done: dict) -> Kickoff:
    people = [packet.handoff.ae, packet.csm]
    return Kickoff(
        packet=packet,
        starts_at=s.kickoff_at,
        deadline=s.kickoff_deadline,
        status=KickoffStatus.HELD if Status.KICKOFF_HELD in done else KickoffStatus.BOOKED,
        attendees=[
            {"name": person.full_name, "email": person.email, "role": role}
            for person, role in zip(people, ("AE", "CSM"), strict=True)
            if person
        ],
        booked_by=packet.csm,
        created_at=done[Status.KICKOFF_BOOKED],
    )


def _templates(tag: str) -> dict[int, list[PacketField]]:
    """One live packet's eight fields per business unit, to copy into history packets."""
    templates: dict[int, list[PacketField]] = {}
    live = Packet.objects.exclude(handoff__opportunity_key__startswith=f"{tag}-")
    for packet in live.annotate(n=Count("fields")).filter(n=8).order_by("pk"):
        templates.setdefault(packet.business_unit_id, list(packet.fields.order_by("id")))
    return templates


def _copy_fields(packets: list[Packet], drawn: list[Story], tag: str) -> None:
    """Each history packet reads like a live demo packet of its unit: the same eight fields,
    the first `score` of them complete."""
    templates = _templates(tag)
    rows = []
    for packet, s in zip(packets, drawn, strict=True):
        for position, source in enumerate(templates.get(packet.business_unit_id, [])):
            complete = position < s.score
            rows.append(
                PacketField(
                    packet=packet,
                    key=source.key,
                    status="complete" if complete else "partial",
                    text=source.text,
                    data=source.data,
                    gaps=[] if complete else ["Not completed before the packet shipped."],
                    evidence=source.evidence,
                )
            )
    PacketField.objects.bulk_create(rows, batch_size=BATCH)
