"""Quarter close: frozen CSM statements and settled holdbacks (placeholder)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("comp", "0004_ledger_refuses_truncate")]

    operations = []
