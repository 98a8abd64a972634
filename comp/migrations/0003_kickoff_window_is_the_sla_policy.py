"""The kickoff window leaves the comp plan: on-time kickoffs are judged by `Kickoff.is_late`,
against the deadline the SLA policy (governance) set when the packet was accepted, so pay
counts a kickoff on time exactly when the packet page does. A plan's own window is dropped.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("comp", "0002_ledger_is_append_only"),
    ]

    operations = [
        migrations.RemoveField(model_name="compplan", name="kickoff_window_business_days"),
    ]
