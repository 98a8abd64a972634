"""Packets record the definitions version that scored them (placeholder, filled by that work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("handoffs", "0012_success_plans"),
        ("governance", "0007_governed_definitions"),
    ]

    operations = []
