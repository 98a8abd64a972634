"""Success plans after the kickoff (placeholder, filled by that work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("handoffs", "0011_tamper_proof_records")]

    operations = []
