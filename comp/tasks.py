"""django-q2 entry points for comp."""

from comp.services import release_signals


def send_release_signal(entry_id: int) -> None:
    release_signals.send_release_signal(entry_id=entry_id)
