"""Intake and background work that survive crashes and bad input (placeholder, filled by that work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("handoffs", "0008_packet_gate_blocked_by")]

    operations = []
