"""Account outcomes (churn, renewal, expansion) for the program metrics (placeholder)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("handoffs", "0013_packet_definitions_version")]

    operations = []
