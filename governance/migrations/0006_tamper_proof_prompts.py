"""Published prompt versions refuse change at the database (placeholder)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("governance", "0005_sla_policy")]

    operations = []
