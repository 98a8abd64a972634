"""Thirty Closed-Won deals as intake events (placeholder until the generator lands)."""


def demo_events() -> list[dict]:
    return []
