"""The ledger refuses TRUNCATE too (placeholder)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("comp", "0003_kickoff_window_is_the_sla_policy")]

    operations = []
