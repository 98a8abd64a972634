"""The ledger refuses TRUNCATE too: 0002's row triggers never fire for it (config.records)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("comp", "0003_kickoff_window_is_the_sla_policy")]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name='ledgerentry',
            trigger=pgtrigger.compiler.Trigger(name='refuse_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION '% is a record of what happened: TRUNCATE is refused', TG_TABLE_NAME;", hash='87760e9dc971a503ae6694d5b62b934b2ac63d6b', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_refuse_truncate_cbe36', table='comp_ledgerentry', when='BEFORE')),
        ),
    ]
