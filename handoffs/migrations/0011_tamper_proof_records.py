"""Records that claim to be immutable refuse change at the database (placeholder)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("handoffs", "0010_drafting_floor")]

    operations = []
