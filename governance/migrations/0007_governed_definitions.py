"""Field definitions as versioned, governed data (placeholder, filled by that work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("governance", "0006_tamper_proof_prompts")]

    operations = []
