"""Prompt versions keep their words, and published ones their history, in the database
(the triggers of PromptVersion.Meta, see config.records)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("governance", "0005_sla_policy")]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name='promptversion',
            trigger=pgtrigger.compiler.Trigger(name='content_is_fixed', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."author_id" IS DISTINCT FROM (NEW."author_id") OR OLD."change_note" IS DISTINCT FROM (NEW."change_note") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."model" IS DISTINCT FROM (NEW."model") OR OLD."number" IS DISTINCT FROM (NEW."number") OR OLD."output_schema_version" IS DISTINCT FROM (NEW."output_schema_version") OR OLD."temperature" IS DISTINCT FROM (NEW."temperature") OR OLD."template_id" IS DISTINCT FROM (NEW."template_id") OR OLD."text" IS DISTINCT FROM (NEW."text"))', func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;", hash='45bc385ac96a4f3c8551e51a23c2a38d98b89654', operation='UPDATE', pgid='pgtrigger_content_is_fixed_77882', table='governance_promptversion', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='promptversion',
            trigger=pgtrigger.compiler.Trigger(name='published_only_retires', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."state" IN (\'published\', \'retired\') AND (OLD."submitted_at" IS DISTINCT FROM (NEW."submitted_at") OR OLD."approved_by_id" IS DISTINCT FROM (NEW."approved_by_id") OR OLD."published_at" IS DISTINCT FROM (NEW."published_at") OR ((OLD."state" IS DISTINCT FROM (NEW."state") OR OLD."retired_at" IS DISTINCT FROM (NEW."retired_at")) AND (OLD."state" = \'retired\' OR NEW."state" IS DISTINCT FROM \'retired\'))))', func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;", hash='4d754a87a6e0fdfc09e5ff65680fc81170c1b2cc', operation='UPDATE', pgid='pgtrigger_published_only_retires_5055a', table='governance_promptversion', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='promptversion',
            trigger=pgtrigger.compiler.Trigger(name='published_is_kept', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."state" IN (\'published\', \'retired\'))', func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;", hash='dda8ee3e27125fdf9c57d23313258b3c0efd4ded', operation='DELETE', pgid='pgtrigger_published_is_kept_365a9', table='governance_promptversion', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='promptversion',
            trigger=pgtrigger.compiler.Trigger(name='refuse_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION '% is a record of what happened: TRUNCATE is refused', TG_TABLE_NAME;", hash='9624c77fd70deb2e51ad127f0489270d22be6a9b', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_refuse_truncate_4ac05', table='governance_promptversion', when='BEFORE')),
        ),
    ]
