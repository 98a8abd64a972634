"""Quarter close: frozen CSM statements and settled holdbacks.

The plan says what its close does with a holdback whose window passed without a kickoff; a
ledger entry posted after its deal's quarter closed names that quarter (`late_for`); the close
records carry and escalation decisions as entries, freezes each CSM's variable into a
statement, and pays later changes to it as adjustments in an open quarter. Statements,
adjustments, acknowledgements and payroll exports are records: PostgreSQL refuses to change,
delete or truncate them (config.records).
"""

import django.db.models.deletion
import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('comp', '0004_ledger_refuses_truncate'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='compplan',
            name='closed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='compplan',
            name='no_kickoff_policy',
            field=models.CharField(choices=[('forfeit', 'Forfeit the holdback'), ('carry', 'Carry it to the next quarter'), ('escalate', 'Escalate it to RevOps')], default='carry', help_text='At the quarter close, for a holdback whose window passed without a kickoff.', max_length=20),
        ),
        migrations.AddField(
            model_name='ledgerentry',
            name='late_for',
            field=models.ForeignKey(blank=True, help_text="The deal's own quarter, when it was closed and this posted in a later one.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='late_entries', to='comp.compplan'),
        ),
        migrations.AlterField(
            model_name='ledgerentry',
            name='kind',
            field=models.CharField(choices=[('accrual', 'Commission accrued'), ('holdback', 'Held back'), ('release', 'Holdback released'), ('forfeit', 'Holdback forfeited'), ('adjustment', 'Adjustment'), ('carry', 'Holdback carried to the next quarter'), ('escalation', 'Holdback escalated to RevOps')], max_length=20),
        ),
        migrations.CreateModel(
            name='CsmAdjustment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12)),
                ('currency', models.CharField(max_length=3)),
                ('reason', models.TextField()),
                ('idempotency_key', models.CharField(max_length=120, unique=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('csm', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='csm_adjustments', to=settings.AUTH_USER_MODEL)),
                ('for_plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='comp.compplan')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='csm_adjustments', to='comp.compplan')),
            ],
            options={
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='CsmStatement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('accepted', models.PositiveIntegerField()),
                ('on_time', models.PositiveIntegerField()),
                ('matured', models.PositiveIntegerField(help_text='Kickoffs past the stickiness window.')),
                ('sticky', models.PositiveIntegerField()),
                ('on_time_rate', models.DecimalField(blank=True, decimal_places=4, max_digits=5, null=True)),
                ('sticky_rate', models.DecimalField(blank=True, decimal_places=4, max_digits=5, null=True)),
                ('attainment', models.DecimalField(decimal_places=4, max_digits=5)),
                ('target', models.DecimalField(decimal_places=2, max_digits=12)),
                ('onboarding_share_pct', models.DecimalField(decimal_places=2, max_digits=5)),
                ('payout', models.DecimalField(decimal_places=2, max_digits=12)),
                ('adjustments', models.DecimalField(decimal_places=2, default=Decimal('0'), help_text="Late changes to earlier quarters' variable, paid in this one.", max_digits=12)),
                ('currency', models.CharField(max_length=3)),
                ('accounts', models.JSONField(default=list, help_text='Each accepted handoff: packet, account, deal, on_time, matured, sticky.')),
                ('frozen_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('csm', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='csm_statements', to=settings.AUTH_USER_MODEL)),
                ('frozen_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='csm_statements', to='comp.compplan')),
            ],
            options={
                'ordering': ['plan', 'csm__full_name'],
            },
        ),
        migrations.CreateModel(
            name='ExceptionAcknowledgement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=200, unique=True)),
                ('summary', models.TextField(help_text='What the exception said when it was acknowledged.')),
                ('note', models.TextField(blank=True)),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='PayrollExport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('rows', models.PositiveIntegerField()),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payroll_exports', to='comp.compplan')),
            ],
            options={
                'ordering': ['-at', '-id'],
            },
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='csmadjustment',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='8c57d2599aae3dca2f44740fef09b1203501cd80', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_4093f', table='comp_csmadjustment', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='csmadjustment',
            trigger=pgtrigger.compiler.Trigger(name='refuse_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION '% is a record of what happened: TRUNCATE is refused', TG_TABLE_NAME;", hash='d7550720da2f1e12cc8fc23b2328c9f67f8fb881', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_refuse_truncate_2e3d0', table='comp_csmadjustment', when='BEFORE')),
        ),
        migrations.AddConstraint(
            model_name='csmstatement',
            constraint=models.UniqueConstraint(fields=('plan', 'csm'), name='one_csm_statement_per_quarter'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='csmstatement',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='3b05e464f016192decef2b78f901b2ceb6775bc2', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_6ec44', table='comp_csmstatement', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='csmstatement',
            trigger=pgtrigger.compiler.Trigger(name='refuse_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION '% is a record of what happened: TRUNCATE is refused', TG_TABLE_NAME;", hash='401bf48d4e8ded7c8ce0afe8cdfb0a5bfba3a1ff', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_refuse_truncate_35ee8', table='comp_csmstatement', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='exceptionacknowledgement',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='712a423b39f512da6c0c39b9956863ea61724995', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_ded71', table='comp_exceptionacknowledgement', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='exceptionacknowledgement',
            trigger=pgtrigger.compiler.Trigger(name='refuse_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION '% is a record of what happened: TRUNCATE is refused', TG_TABLE_NAME;", hash='acf4586dfccbaa3c8358d5e52586724e6ca8a64e', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_refuse_truncate_3f37c', table='comp_exceptionacknowledgement', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='payrollexport',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='575326ed6f16b727dbe0f60cc733a81e4be6d778', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_f8c77', table='comp_payrollexport', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='payrollexport',
            trigger=pgtrigger.compiler.Trigger(name='refuse_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION '% is a record of what happened: TRUNCATE is refused', TG_TABLE_NAME;", hash='34601049fc01a9f04e61db4bf6a353a4033eb869', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_refuse_truncate_743a7', table='comp_payrollexport', when='BEFORE')),
        ),
    ]
