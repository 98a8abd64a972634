"""Release and forfeit signals for commission tools, signed like our own intake (Standard
Webhooks), so QuotaPath, Spiff, Xactly or CaptivateIQ can pay from Handbrief's evidence."""

import json

from django.utils import timezone

from comp.models import LedgerEntry, ReleaseWebhook, WebhookDelivery
from handoffs.models import KickoffStatus
from handoffs.outbound import DeliveryFailed, post_signed


def release_payload(entry: LedgerEntry) -> dict:
    packet = entry.packet
    kickoff = packet.kickoffs.filter(status=KickoffStatus.HELD).order_by("-starts_at").first()
    return {
        "type": f"holdback.{entry.kind}",
        "entry_id": entry.pk,
        "ae_email": entry.ae.email,
        "opportunity_external_id": packet.handoff.opportunity_key,
        "business_unit": packet.business_unit.slug,
        "amount": str(entry.amount),
        "currency": entry.currency,
        "plan": entry.plan.name,
        "deal_plan": (entry.late_for or entry.plan).name,
        "reason": entry.reason,
        "evidence": {
            "close_date": packet.handoff.opportunity.close_date.isoformat(),
            "gate_passed_at": packet.gate_passed_at.isoformat() if packet.gate_passed_at else None,
            "kickoff_held_at": kickoff.starts_at.isoformat() if kickoff else None,
        },
        "posted_at": entry.created_at.isoformat(),
    }


def deliver(*, entry: LedgerEntry, webhook: ReleaseWebhook) -> WebhookDelivery:
    """POST once; a failure raises so the task queue retries. A delivered signal is not resent."""
    delivery, _ = WebhookDelivery.objects.get_or_create(webhook=webhook, entry=entry)
    if delivery.delivered_at:
        return delivery
    body = json.dumps(release_payload(entry)).encode()
    delivery.attempts += 1
    try:
        delivery.status_code = post_signed(
            url=webhook.url, secret=webhook.secret, msg_id=f"entry-{entry.pk}", body=body
        )
    except DeliveryFailed as failure:
        delivery.last_error = str(failure)[:500]
        delivery.status_code = failure.status_code
        delivery.save()
        raise
    delivery.delivered_at = timezone.now()
    delivery.last_error = ""
    delivery.save()
    return delivery


def send_release_signal(*, entry_id: int) -> list[WebhookDelivery]:
    entry = LedgerEntry.objects.select_related(
        "packet__handoff__opportunity", "ae", "plan", "late_for", "packet__business_unit"
    ).get(pk=entry_id)
    return [
        deliver(entry=entry, webhook=hook) for hook in ReleaseWebhook.objects.filter(is_active=True)
    ]
