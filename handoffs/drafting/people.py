"""Contacts as packet data: people with the attributes the scorer checks, and their evidence."""

from handoffs.drafting.base import DealContext, Evidence, crm_evidence
from handoffs.models import Contact


def person(contact: Contact | None) -> dict | None:
    if contact is None:
        return None
    return {
        "name": contact.name,
        "title": contact.title,
        "email": contact.email,
        "role_start_date": contact.role_start_date.isoformat() if contact.role_start_date else "",
        "linkedin_url": contact.linkedin_url,
        "status": contact.status,
        "contact_ref": f"contact:{contact.external_id}",
    }


def first_with_role(context: DealContext, role: str) -> Contact | None:
    """Prefer someone still at the company; fall back to a departed one so the gap shows."""
    candidates = context.contacts_with_role(role)
    active = [contact for contact in candidates if not contact.has_left]
    return (active or candidates or [None])[0]


def describe(contact: Contact) -> str:
    parts = [contact.name]
    if contact.title:
        parts.append(f", {contact.title}")
    if contact.role_start_date:
        parts.append(f" (in role since {contact.role_start_date:%b %Y})")
    if contact.has_left:
        parts.append(" — has left the company")
    return "".join(parts)


def contact_evidence(contact: Contact, role: str) -> Evidence:
    return crm_evidence(
        f"contact:{contact.external_id}", "roles", f"{contact.name} ({contact.title}): {role}"
    )
