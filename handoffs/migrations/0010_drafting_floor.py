"""The deterministic drafting floor and grounded prose (placeholder, filled by that work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("handoffs", "0009_intake_hardening")]

    operations = []
