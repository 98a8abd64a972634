"""What `make bench` measures: intake to scored packet, drafting throughput, drafter cost.

Figures are printed, never asserted: they depend on the machine. Each measurement builds the
deals it needs from the demo generator, so it runs the same code a customer's events do.
"""

import copy
import json
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
