"""Sign-offs, field versions and transitions refuse UPDATE, DELETE and TRUNCATE in the
database (config.records)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("handoffs", "0010_drafting_floor")]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name='packetfieldversion',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='c9f141e648e69ed50dd71d09e25b4afdd0dc4861', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_c834e', table='handoffs_packetfieldversion', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='packetfieldversion',
            trigger=pgtrigger.compiler.Trigger(name='refuse_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION '% is a record of what happened: TRUNCATE is refused', TG_TABLE_NAME;", hash='7599c01a70e951fab81febab6136038fcf258ecd', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_refuse_truncate_ab583', table='handoffs_packetfieldversion', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='packettransition',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='6987484361aa15da4160abd179a8e563ed78832f', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_8ae88', table='handoffs_packettransition', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='packettransition',
            trigger=pgtrigger.compiler.Trigger(name='refuse_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION '% is a record of what happened: TRUNCATE is refused', TG_TABLE_NAME;", hash='2a6d0690fa9559176422863121cd45e9002c95ed', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_refuse_truncate_25262', table='handoffs_packettransition', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='signoff',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='d89a08f06ae69b1b37c6840bb6dcb83c0a730c15', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_9a526', table='handoffs_signoff', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='signoff',
            trigger=pgtrigger.compiler.Trigger(name='refuse_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION '% is a record of what happened: TRUNCATE is refused', TG_TABLE_NAME;", hash='2b9256b0636076b95f44656b91a29f0fbc602eb0', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_refuse_truncate_031f7', table='handoffs_signoff', when='BEFORE')),
        ),
    ]
