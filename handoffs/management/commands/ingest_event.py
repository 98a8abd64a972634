import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from handoffs.api.serializers import PacketSerializer
from handoffs.models import Packet
from handoffs.queue import tasks_inline
from handoffs.selectors import with_packet_detail
from handoffs.services.intake import EventInvalid, receive_event


class Command(BaseCommand):
    help = (
        "Load Closed-Won or PLG events from JSON files through the same path as the intake API. "
        "Use it to backfill historic deals."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--sync",
            action="store_true",
            help="Process and draft in this process instead of the worker.",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the resulting packets as a JSON list."
        )

    def handle(self, *args, files: list[Path], sync: bool, json: bool, **options) -> None:
        handoff_ids = []
        for path in files:
            payload = self._read(path)
            try:
                if sync:
                    with tasks_inline():
                        received = receive_event(payload=payload)
                else:
                    received = receive_event(payload=payload)
            except EventInvalid as invalid:
                problems = "; ".join(
                    f"{where}: {', '.join(msgs)}" for where, msgs in invalid.errors.items()
                )
                raise CommandError(f"{path}: {problems}") from invalid
            handoff_ids.append(received.handoff.pk)
            if not json:
                note = " (already received)" if received.duplicate else ""
                self.stdout.write(
                    f"{path.name}: event {received.inbound.event_id} -> "
                    f"handoff {received.handoff.pk}{note}"
                )
        if json:
            packets = with_packet_detail(
                Packet.objects.filter(handoff_id__in=handoff_ids).order_by("handoff_id", "id")
            )
            self.stdout.write(_dumps(PacketSerializer(packets, many=True).data))

    def _read(self, path: Path) -> dict:
        try:
            return json_module.loads(path.read_text())
        except FileNotFoundError as missing:
            raise CommandError(f"{path}: no such file") from missing
        except json_module.JSONDecodeError as broken:
            raise CommandError(f"{path}: not valid JSON ({broken})") from broken


json_module = json


def _dumps(documents: list[dict]) -> str:
    return json_module.dumps(documents, indent=2, ensure_ascii=False, default=str)
