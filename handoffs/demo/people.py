"""The demo org's people: who signs in, in which role and business unit."""

from dataclasses import dataclass

from accounts.models import Role

DEMO_PASSWORD = "handbrief-demo"

BUSINESS_UNITS = {"analytics": "Analytics", "integrations": "Integrations"}


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: Role
    business_unit: str | None = None


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("riley.adams@seller.example", "Riley Adams", Role.REVOPS_ADMIN),
    DemoPerson("casey.brooks@seller.example", "Casey Brooks", Role.CS_OPS),
    DemoPerson("maya.chen@seller.example", "Maya Chen", Role.AE, "analytics"),
    DemoPerson("devon.price@seller.example", "Devon Price", Role.AE, "analytics"),
    DemoPerson("sofia.ramirez@seller.example", "Sofia Ramirez", Role.AE, "integrations"),
    DemoPerson("ethan.walsh@seller.example", "Ethan Walsh", Role.AE, "integrations"),
    DemoPerson("nina.patel@seller.example", "Nina Patel", Role.CSM, "analytics"),
    DemoPerson("lena.fischer@seller.example", "Lena Fischer", Role.CSM, "analytics"),
    DemoPerson("marcus.green@seller.example", "Marcus Green", Role.CSM, "integrations"),
    DemoPerson("aisha.khan@seller.example", "Aisha Khan", Role.CSM, "integrations"),
)
