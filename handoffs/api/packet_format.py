"""The packet as the API and `ingest_event --json` show it (DESIGN section 4)."""

from handoffs.models import Packet


def packet_document(packet: Packet) -> dict:
    """Expects `packet` loaded with `selectors.with_packet_detail`, so this reads no more rows."""
    handoff = packet.handoff
    fields = {
        field.key: {
            "status": field.status,
            "text": field.text,
            "gaps": field.gaps,
            "evidence": field.evidence,
            "author": field.author,
            "version": field.version,
            "data": field.data,
        }
        for field in packet.fields.all()
    }
    return {
        "id": packet.pk,
        "handoff_id": handoff.pk,
        "opportunity_external_id": handoff.opportunity.external_id if handoff.opportunity else None,
        "business_unit": packet.business_unit.slug,
        "status": packet.status,
        "ae": handoff.ae.email if handoff.ae else None,
        "csm": packet.csm.email if packet.csm else None,
        "due_at": packet.due_at.isoformat() if packet.due_at else None,
        "completeness": {
            "score": packet.score,
            "of": packet.score_of,
            "gate": packet.gate,
            "passed": packet.passed_gate,
        },
        "word_count": packet.word_count,
        "drafter": packet.drafter,
        "draft_error": packet.draft_error or None,
        "fields": fields,
        "commitments": [
            {
                "quote": c.quote,
                "speaker": c.speaker,
                "transcript": c.transcript_ref,
                "turn": c.turn,
                "due": c.due.isoformat() if c.due else None,
                "reflected_in": c.reflected_in,
                "ghost": c.is_ghost,
            }
            for c in packet.commitments.all()
        ],
        "risk_flags": [
            {
                "kind": flag.kind,
                "severity": flag.severity,
                "summary": flag.summary,
                "evidence": flag.evidence,
            }
            for flag in packet.risk_flags.all()
        ],
    }
