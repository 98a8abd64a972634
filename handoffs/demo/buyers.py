"""The buyer side of each demo deal: unique people, their titles, and their CRM contact rows."""

import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from handoffs.demo.catalog import FIRST_NAMES, LAST_NAMES, TITLES
from handoffs.demo.conversations import Speaker

ID_CHARS = string.ascii_uppercase + string.digits
OPTIONAL_PROFILE_ROLES = ("security_reviewer", "legal", "procurement")
KEY_ROLES = ("economic_buyer", "champion")


def crm_id(rng: random.Random, prefix: str, length: int = 15) -> str:
    """Salesforce-shaped ids (key prefix plus a base-36 tail) so the demo reads like a real org."""
    return prefix + "".join(rng.choice(ID_CHARS) for _ in range(length - len(prefix)))


def numbered_id(rng: random.Random, prefix: str, digits: int) -> str:
    """HubSpot- and product-style ids: a prefix and a number of fixed width."""
    return f"{prefix}{rng.randint(10 ** (digits - 1), 10**digits - 1)}"


@dataclass(frozen=True)
class Buyer:
    name: str
    email: str
    title: str
    roles: tuple[str, ...]

    def speaker(self) -> Speaker:
        return Speaker(self.name, self.email, "buyer")


class NamePool:
    """Hands out each full name once, so nobody turns up at two demo customers."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[tuple[str, str]] = set()

    def draw(self) -> tuple[str, str]:
        while True:
            name = (self._rng.choice(FIRST_NAMES), self._rng.choice(LAST_NAMES))
            if name not in self._used:
                self._used.add(name)
                return name


def staff(
    rng: random.Random, pool: NamePool, domain: str, role_sets: list[tuple[str, ...]]
) -> list[Buyer]:
    buyers = []
    for roles in role_sets:
        first, last = pool.draw()
        buyers.append(
            Buyer(
                f"{first} {last}",
                f"{first}.{last}@{domain}".lower(),
                rng.choice(TITLES[roles[0]]),
                roles,
            )
        )
    return buyers


def contact_rows(
    rng: random.Random,
    buyers: list[Buyer],
    anchor: date,
    next_id: Callable[[], str],
    *,
    thin: bool,
    departed: str | None = None,
) -> list[dict]:
    """Thin profiles: the key people have no LinkedIn URL and others may lack one or a start date.

    `departed` marks that role's holder as gone, as a CRM would after the contact bounced.
    """
    rows = []
    for buyer in buyers:
        tenure, suffix = rng.randint(60, 2900), rng.choice(("", "-1", "-data", "-ops", "-cx"))
        keep_link, keep_start = rng.random(), rng.random()
        if thin:
            has_link = keep_link > 0.5 and not set(buyer.roles) & set(KEY_ROLES)
        else:
            has_link = keep_link > (0.25 if buyer.roles[0] in OPTIONAL_PROFILE_ROLES else 0)
        slug = buyer.name.lower().replace(" ", "-") + suffix
        rows.append(
            {
                "external_id": next_id(),
                "name": buyer.name,
                "title": buyer.title,
                "email": buyer.email,
                "linkedin_url": f"https://www.linkedin.com/in/{slug}" if has_link else "",
                "role_start_date": (
                    None
                    if thin and keep_start < 0.5
                    else (anchor - timedelta(days=tenure)).isoformat()
                ),
                "roles": list(buyer.roles),
                "status": "left_company" if departed in buyer.roles else "active",
            }
        )
    return rows
