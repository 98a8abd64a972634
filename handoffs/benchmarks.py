"""What `make bench` measures: intake to scored packet, drafting throughput, drafter cost.

Figures are printed, never asserted: they depend on the machine. Each measurement builds the
deals it needs from the demo generator, so it runs the same code a customer's events do.
"""

import copy
import json
import logging
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.test import Client

from handoffs.demo.deals import demo_events
from handoffs.drafting.context import load_deal_context
from handoffs.drafting.rules import RulesDrafter
from handoffs.models import Integration, Packet, SigningSecret, Status
from handoffs.queue import tasks_inline
from handoffs.services.intake import receive_event
from handoffs.webhooks import signed_headers

ANCHOR = date(2027, 3, 12)
DRAFTED = [Status.NEEDS_AE, Status.READY_FOR_CS, Status.DRAFT_FAILED]


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


def generated_events(count: int, tag: str) -> list[dict]:
    """`count` distinct deals: the demo deals again and again under new ids."""
    base = demo_events(ANCHOR)
    events = []
    for n in range(count):
        event = copy.deepcopy(base[n % len(base)])
        suffix = f"-{tag}{n}"
        event["event_id"] += suffix
        event["account"]["external_id"] += suffix
        if event.get("opportunity"):
            event["opportunity"]["external_id"] += suffix
        events.append(event)
    return events


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def intake_to_scored_packet(count: int, timeout: float = 120.0) -> list[Figure]:
    """Signed HTTP requests into the real view; a separate qcluster process drafts."""
    secret = SigningSecret.objects.create(
        integration=Integration.objects.get_or_create(name="bench")[0],
        secret=SigningSecret.generate(),
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client, latencies = Client(SERVER_NAME="localhost"), []
    try:
        time.sleep(3)
        for event in generated_events(count, "lat"):
            body = json.dumps(event).encode()
            headers = signed_headers(secret=secret.secret, msg_id=event["event_id"], body=body)
            started = time.perf_counter()
            response = client.post(
                "/api/v1/intake/events/",
                data=body,
                content_type="application/json",
                headers=headers,
            )
            handoff_id = response.json()["handoff_id"]
            latencies.append(_wait_until_scored(handoff_id, started, timeout))
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return [
        Figure(
            "Intake request to scored packet, median",
            f"{statistics.median(latencies) * 1000:.0f} ms",
        ),
        Figure(
            "Intake request to scored packet, p95", f"{percentile(latencies, 0.95) * 1000:.0f} ms"
        ),
        Figure(
            "  (events, broker poll interval)", f"{count}, {settings.Q_CLUSTER.get('poll', 0.2)} s"
        ),
    ]


def _wait_until_scored(handoff_id: int, started: float, timeout: float) -> float:
    while time.perf_counter() - started < timeout:
        packets = list(
            Packet.objects.filter(handoff_id=handoff_id).values_list("status", flat=True)
        )
        if packets and all(status in DRAFTED for status in packets):
            return time.perf_counter() - started
        time.sleep(0.005)
    raise TimeoutError(f"Handoff {handoff_id} was not drafted within {timeout} s")


def drafting_throughput(count: int) -> list[Figure]:
    """The whole pipeline in one process: validate, store, load sources, draft, score, route."""
    events = generated_events(count, "tp")
    started = time.perf_counter()
    with tasks_inline():
        for event in events:
            receive_event(payload=event)
    elapsed = time.perf_counter() - started
    packets = Packet.objects.filter(handoff__opportunity_key__contains="-tp").count()
    return [
        Figure(
            f"Pipeline throughput over {count} deals ({packets} packets)",
            f"{packets / elapsed:.1f} packets/s",
        ),
    ]


def drafter_time_for_long_call(turns: int = 150, runs: int = 20) -> list[Figure]:
    """The rules drafter alone on a deal whose transcript has `turns` turns."""
    event = next(e for e in generated_events(30, "long") if e["transcripts"])
    call = event["transcripts"][0]
    call["turns"] = [copy.deepcopy(call["turns"][i % len(call["turns"])]) for i in range(turns)]
    event["transcripts"] = [call]
    with tasks_inline():
        received = receive_event(payload=event)
    packet = received.handoff.packets.select_related("handoff", "business_unit").first()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        RulesDrafter().draft(load_deal_context(packet))
        timings.append(time.perf_counter() - started)
    return [
        Figure(
            f"Rules drafter, one packet with a {turns}-turn call (median of {runs})",
            f"{statistics.median(timings) * 1000:.1f} ms",
        ),
    ]


def _timed_gets(client: Client, url: str, runs: int) -> list[float]:
    client.get(url)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return timings


def _fill_to(total: int) -> None:
    """Copy drafted packets until there are `total`, spread over the demo AEs and CSMs."""
    from accounts.models import Role, User
    from handoffs.models import Handoff, Opportunity, PacketField

    templates = list(
        Packet.objects.filter(status__in=DRAFTED)
        .prefetch_related("fields")
        .select_related("handoff__opportunity")[:50]
    )
    aes = list(User.objects.filter(role=Role.AE))
    csms = {
        unit: list(User.objects.filter(role=Role.CSM, business_unit=unit))
        for unit in {t.business_unit_id for t in templates}
    }
    missing = total - Packet.objects.count()
    for start in range(0, max(missing, 0), 1000):
        batch = range(start, min(start + 1000, missing))
        sources = [templates[n % len(templates)] for n in batch]
        opportunities = Opportunity.objects.bulk_create(
            Opportunity(
                external_id=f"bench-{n}",
                account_id=s.handoff.opportunity.account_id,
                name=f"{s.handoff.opportunity.name} #{n}",
                close_date=ANCHOR,
                amount=s.handoff.opportunity.amount,
                segment=s.handoff.opportunity.segment,
                motion=s.handoff.opportunity.motion,
            )
            for n, s in zip(batch, sources, strict=True)
        )
        handoffs = Handoff.objects.bulk_create(
            Handoff(opportunity_key=o.external_id, opportunity=o, ae=aes[n % len(aes)])
            for n, o in zip(batch, opportunities, strict=True)
        )
        packets = Packet.objects.bulk_create(
            Packet(
                handoff=h,
                business_unit_id=s.business_unit_id,
                status=s.status,
                csm=(csms[s.business_unit_id] or [None])[n % max(len(csms[s.business_unit_id]), 1)]
                if s.status == "ready_for_cs"
                else None,
                score=s.score,
                score_of=s.score_of,
                gate=s.gate,
                word_count=s.word_count,
                due_at=s.due_at,
            )
            for n, h, s in zip(batch, handoffs, sources, strict=True)
        )
        PacketField.objects.bulk_create(
            PacketField(
                packet=p,
                key=f.key,
                status=f.status,
                text=f.text,
                data=f.data,
                gaps=f.gaps,
                evidence=f.evidence,
            )
            for p, s in zip(packets, sources, strict=True)
            for f in s.fields.all()
        )


def page_latency(total: int = 10_000, runs: int = 30) -> list[Figure]:
    """Server time per request for the busiest pages, with `total` packets in the database."""
    from accounts.models import User

    _fill_to(total)
    figures = []
    ae = User.objects.get(email="maya.chen@seller.example")
    csm = User.objects.get(email="nina.patel@seller.example")
    packet = Packet.objects.filter(handoff__ae=ae).order_by("pk").first()
    for who, label, url in (
        (ae, "AE list", "/ae/"),
        (csm, "CSM queue", "/csm/"),
        (ae, "Packet page", f"/packets/{packet.pk}/"),
    ):
        client = Client(SERVER_NAME="localhost")
        client.force_login(who)
        timings = [seconds * 1000 for seconds in _timed_gets(client, url, runs)]
        median, p95 = statistics.median(timings), percentile(timings, 0.95)
        figures.append(
            Figure(
                f"{label} with {Packet.objects.count():,} packets, median / p95",
                f"{median:.0f} / {p95:.0f} ms",
            )
        )
    return figures


def metrics_page_latency(total: int = 10_000, runs: int = 10) -> list[Figure]:
    """The metrics page (every metric, its trend and chart) and the packet explorer, as a
    RevOps admin, with `total` packets whose history spans the last year."""
    from accounts.models import User
    from handoffs.demo.history_rows import seed_history
    from handoffs.models import PacketTransition

    seed_history(count=max(total - Packet.objects.count(), 0), tag="bench-history", span=365)
    _analyze()
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email="riley.adams@seller.example"))
    packets, moves = Packet.objects.count(), PacketTransition.objects.count()
    figures = []
    for label, url in (
        (f"Metrics page with {packets:,} packets and {moves:,} transitions", "/revops/metrics/"),
        ("Metrics page, one quarter and one unit", f"/revops/metrics/?{_one_quarter()}"),
        ("Packet explorer, first page", "/revops/packets/"),
    ):
        timings = [seconds * 1000 for seconds in _timed_gets(client, url, runs)]
        figures.append(
            Figure(
                f"{label}, median / p95",
                f"{statistics.median(timings):.0f} / {percentile(timings, 0.95):.0f} ms",
            )
        )
    return figures


def _analyze() -> None:
    """Refresh the planner's statistics after the bulk load, as autovacuum would on a live
    database (a server with autovacuum off plans these queries blind)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _one_quarter() -> str:
    from django.utils import timezone

    from handoffs.periods import quarter_name

    return f"period={quarter_name(timezone.localdate())}&business_unit=analytics"


def pdf_render_time(words: int = 2400, runs: int = 5) -> list[Figure]:
    """WeasyPrint on a packet whose fields add up to `words` words."""
    from handoffs.models import PacketField
    from handoffs.packet_page import load_packet, packet_context
    from handoffs.pdf import render_packet_document, render_packet_pdf

    packet = Packet.objects.filter(status=Status.READY_FOR_CS).order_by("pk").first()
    fields = list(PacketField.objects.filter(packet=packet))
    per_field = words // len(fields)
    for field in fields:
        sentences = field.text.split() or ["Context"]
        field.text = " ".join(sentences[n % len(sentences)] for n in range(per_field))
    PacketField.objects.bulk_update(fields, ["text"])
    loaded = load_packet(packet.pk, Packet.objects.all())
    context = packet_context(loaded, loaded.handoff.ae)
    render_packet_pdf(loaded, context)
    pages = len(render_packet_document(loaded, context).pages)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        render_packet_pdf(loaded, context)
        timings.append(time.perf_counter() - started)
    return [
        Figure(
            f"PDF of a {words:,}-word packet ({pages} pages), median of {runs}",
            f"{statistics.median(timings) * 1000:.0f} ms",
        )
    ]


def llm_drafter_overhead(deals: int = 30, delay: float = 0.05) -> list[Figure]:
    """The LLM drafter's own time per packet (building the request, the client, validating and
    checking the reply), i.e. its wall time minus the time the fake server took to answer,
    over the demo deals; and the input size of the longest one."""
    from django.test import override_settings

    from governance.selectors import published_prompt
    from handoffs.drafting.llm import LlmDrafter
    from handoffs.llm_fake import FakeOpenAI

    with tasks_inline():
        for event in generated_events(deals, "llm"):
            receive_event(payload=event)
    packets = Packet.objects.filter(handoff__opportunity_key__contains="-llm").select_related(
        "handoff", "business_unit"
    )
    logging.getLogger("httpx2").setLevel(logging.WARNING)
    fake = FakeOpenAI(delay=delay).start()
    llm = {"OPENAI_API_KEY": "bench", "OPENAI_BASE_URL": fake.base_url}
    overheads, fallbacks, longest = [], 0, None
    try:
        with override_settings(HANDBRIEF={**settings.HANDBRIEF, **llm}):
            drafter = LlmDrafter(published_prompt())
            drafter.draft(load_deal_context(packets[0]))  # imports the client once
            for packet in packets:
                context, answered = load_deal_context(packet), len(fake.requests)
                started = time.perf_counter()
                draft = drafter.draft(context)
                elapsed = time.perf_counter() - started
                replying = sum(seen.server_seconds for seen in fake.requests[answered:])
                overheads.append(elapsed - replying)
                fallbacks += bool(draft.meter.fallback_reason)
                if longest is None or draft.meter.input_tokens > longest[1].input_tokens:
                    longest = (packet, draft.meter)
    finally:
        fake.stop()
    packet, meter = longest
    return [
        Figure(
            f"LLM drafter's own time per packet beyond the reply, median of {len(overheads)}",
            f"{statistics.median(overheads) * 1000:.1f} ms",
        ),
        Figure(
            "LLM drafter's own time per packet, p95", f"{percentile(overheads, 0.95) * 1000:.1f} ms"
        ),
        Figure(
            "  (fake server reply delay, drafts that fell back)",
            f"{delay * 1000:.0f} ms, {fallbacks}",
        ),
        Figure(
            "Input tokens for the longest demo deal",
            f"~{meter.input_tokens:,} ({meter.input_chars:,} characters, "
            f"{meter.turns_sent}/{meter.turns_total} call turns; {packet.handoff.opportunity})",
        ),
    ]
