"""Success plans after the kickoff: segment templates, plans with outcomes, milestones and
tasks, customer share links with their view log, and the outbound webhooks that push plans to
a CS platform. Schedules the hourly plan check and the minute's webhook retry sweep."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import handoffs.models.outbound
import handoffs.models.plans

SCHEDULES = {
    "check-success-plans": ("handoffs.tasks.check_success_plans", 60),
    "send-due-webhooks": ("handoffs.tasks.send_due_webhooks", 1),
}


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, (func, minutes) in SCHEDULES.items():
        Schedule.objects.get_or_create(
            name=name,
            defaults={"func": func, "schedule_type": "I", "minutes": minutes, "repeats": -1},
        )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("handoffs", "0011_tamper_proof_records"),
        ("django_q", "0018_task_success_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='OutboundDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event_type', models.CharField(max_length=60)),
                ('event_key', models.CharField(help_text='What the event is about and at which version: sent once.', max_length=200)),
                ('message_id', models.CharField(default=handoffs.models.outbound.new_message_id, max_length=40, unique=True)),
                ('payload', models.JSONField()),
                ('status', models.CharField(choices=[('pending', 'Waiting to send'), ('sending', 'Sending'), ('delivered', 'Delivered'), ('failed', 'Failed (gave up)')], default='pending', max_length=10)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('claimed_at', models.DateTimeField(blank=True, null=True)),
                ('delivered_at', models.DateTimeField(blank=True, null=True)),
                ('last_status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('last_error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DeliveryAttempt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField()),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('error', models.TextField(blank=True)),
                ('replay', models.BooleanField(default=False)),
                ('by', models.ForeignKey(blank=True, help_text="Who replayed it; empty for Handbrief's own attempts.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('delivery', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempt_log', to='handoffs.outbounddelivery')),
            ],
            options={
                'ordering': ['delivery', 'number'],
            },
        ),
        migrations.CreateModel(
            name='PlanShare',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(default=handoffs.models.plans.new_share_key, editable=False, max_length=64, unique=True)),
                ('expires_at', models.DateTimeField()),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='PlanShareView',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('viewed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('user_agent', models.CharField(blank=True, max_length=300)),
                ('share', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='views', to='handoffs.planshare')),
            ],
            options={
                'ordering': ['-viewed_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='PlanTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('segment', models.CharField(choices=[('saas', 'SaaS'), ('platform', 'Platform'), ('enterprise', 'Enterprise')], max_length=20, unique=True)),
                ('first_value_min_days', models.PositiveSmallIntegerField(help_text='Business days after the kickoff from which first value is expected.')),
                ('first_value_max_days', models.PositiveSmallIntegerField(help_text='Business days after the kickoff by which first value must have happened.')),
                ('at_risk_business_days', models.PositiveSmallIntegerField(default=5, help_text='Business days before a gate when the CSM is reminded and a milestone not started counts as at risk.')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['segment'],
            },
        ),
        migrations.CreateModel(
            name='MilestoneTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('gate', models.PositiveSmallIntegerField(choices=[(30, '30-day'), (60, '60-day'), (90, '90-day')])),
                ('title', models.CharField(max_length=200)),
                ('definition_of_done', models.TextField()),
                ('owner', models.CharField(choices=[('csm', 'Customer success manager'), ('ae', 'Account executive'), ('economic_buyer', 'Economic buyer'), ('champion', 'Champion'), ('technical_buyer', 'Technical buyer'), ('security_reviewer', 'Security reviewer'), ('end_user_lead', 'End-user lead')], max_length=20)),
                ('business_days', models.PositiveSmallIntegerField(help_text='Business days after the kickoff when it is due.')),
                ('template', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='handoffs.plantemplate')),
            ],
            options={
                'ordering': ['template', 'gate'],
            },
        ),
        migrations.CreateModel(
            name='SuccessPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kickoff_at', models.DateTimeField(help_text='The kickoff the dates count from.')),
                ('segment', models.CharField(choices=[('saas', 'SaaS'), ('platform', 'Platform'), ('enterprise', 'Enterprise')], max_length=20)),
                ('first_value_min_days', models.PositiveSmallIntegerField()),
                ('first_value_max_days', models.PositiveSmallIntegerField()),
                ('first_value_on', models.DateField(blank=True, null=True)),
                ('first_value_note', models.TextField(blank=True)),
                ('first_value_source', models.CharField(blank=True, max_length=20)),
                ('first_value_external_id', models.CharField(blank=True, help_text="The signal's id, if any.", max_length=200, null=True, unique=True)),
                ('first_shared_at', models.DateTimeField(blank=True, help_text='Once shared, the plan is no longer regenerated.', null=True)),
                ('generated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('regenerated_at', models.DateTimeField(blank=True, null=True)),
                ('version', models.PositiveIntegerField(default=1)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('first_value_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('generated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('packet', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='success_plan', to='handoffs.packet')),
            ],
        ),
        migrations.AddField(
            model_name='planshare',
            name='plan',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='handoffs.successplan'),
        ),
        migrations.CreateModel(
            name='PlanOutcome',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quote', models.TextField()),
                ('speaker', models.CharField(blank=True, max_length=200)),
                ('target_date', models.DateField(blank=True, null=True)),
                ('evidence', models.JSONField(blank=True, default=list)),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('added_by', models.ForeignKey(blank=True, help_text="Empty for outcomes taken from the packet's success criteria.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outcomes', to='handoffs.successplan')),
            ],
            options={
                'ordering': ['plan', 'position', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PlanItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('milestone', 'Milestone'), ('task', 'Task')], max_length=10)),
                ('gate', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('title', models.CharField(max_length=300)),
                ('definition_of_done', models.TextField(blank=True)),
                ('owner', models.CharField(choices=[('csm', 'Customer success manager'), ('ae', 'Account executive'), ('economic_buyer', 'Economic buyer'), ('champion', 'Champion'), ('technical_buyer', 'Technical buyer'), ('security_reviewer', 'Security reviewer'), ('end_user_lead', 'End-user lead')], max_length=20)),
                ('contact_name', models.CharField(blank=True, help_text='The customer contact, when a customer owns it.', max_length=200)),
                ('business_days', models.PositiveSmallIntegerField(blank=True, help_text='Business days after the kickoff; empty for a date promised to the customer, which stays put when the kickoff moves.', null=True)),
                ('due_on', models.DateField()),
                ('status', models.CharField(choices=[('not_started', 'Not started'), ('on_track', 'On track'), ('at_risk', 'At risk'), ('done', 'Done'), ('missed', 'Missed')], default='not_started', max_length=12)),
                ('status_reason', models.TextField(blank=True)),
                ('status_changed_at', models.DateTimeField(blank=True, null=True)),
                ('done_at', models.DateTimeField(blank=True, null=True)),
                ('evidence', models.JSONField(blank=True, default=list, help_text='[{label, anchor}]: where in the packet it came from.')),
                ('reminded_for', models.DateField(blank=True, help_text='The due date the CSM was last reminded of.', null=True)),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('commitment', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='plan_task', to='handoffs.commitment')),
                ('edited_by', models.ForeignKey(blank=True, help_text='Set once the CSM changes it; regenerating keeps it as they left it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('status_changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='handoffs.successplan')),
            ],
            options={
                'ordering': ['plan', 'due_on', 'position', 'id'],
            },
        ),
        migrations.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('url', models.URLField(max_length=500)),
                ('secret', models.CharField(default=handoffs.models.outbound.new_secret, editable=False, max_length=100)),
                ('is_active', models.BooleanField(default=True)),
                ('consecutive_failures', models.PositiveIntegerField(default=0)),
                ('unhealthy_since', models.DateTimeField(blank=True, null=True)),
                ('last_success_at', models.DateTimeField(blank=True, null=True)),
                ('last_failure_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['name', 'id'],
            },
        ),
        migrations.AddField(
            model_name='outbounddelivery',
            name='endpoint',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='handoffs.webhookendpoint'),
        ),
        migrations.AddConstraint(
            model_name='plantemplate',
            constraint=models.CheckConstraint(condition=models.Q(('first_value_max_days__gte', models.F('first_value_min_days')), ('first_value_max_days__lte', 250), ('first_value_min_days__gte', 1)), name='plan_template_window_in_order'),
        ),
        migrations.AddConstraint(
            model_name='plantemplate',
            constraint=models.CheckConstraint(condition=models.Q(('at_risk_business_days__gte', 1), ('at_risk_business_days__lte', 30)), name='plan_template_at_risk_1_to_30'),
        ),
        migrations.AddConstraint(
            model_name='milestonetemplate',
            constraint=models.UniqueConstraint(fields=('template', 'gate'), name='one_milestone_per_gate'),
        ),
        migrations.AddConstraint(
            model_name='milestonetemplate',
            constraint=models.CheckConstraint(condition=models.Q(('business_days__gte', 1), ('business_days__lte', 250)), name='milestone_template_days_1_to_250'),
        ),
        migrations.AddConstraint(
            model_name='successplan',
            constraint=models.CheckConstraint(condition=models.Q(('first_value_max_days__gte', models.F('first_value_min_days'))), name='plan_window_in_order'),
        ),
        migrations.AddIndex(
            model_name='planitem',
            index=models.Index(fields=['status', 'due_on'], name='handoffs_pl_status_24ca28_idx'),
        ),
        migrations.AddConstraint(
            model_name='planitem',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'milestone')), fields=('plan', 'gate'), name='one_plan_milestone_per_gate'),
        ),
        migrations.AddConstraint(
            model_name='planitem',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('commitment__isnull', True), ('gate__isnull', False), ('kind', 'milestone')), models.Q(('gate__isnull', True), ('kind', 'task')), _connector='OR'), name='plan_item_kind_shape'),
        ),
        migrations.AddConstraint(
            model_name='planitem',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('done_at__isnull', False), ('status', 'done')), models.Q(models.Q(('status', 'done'), _negated=True), ('done_at__isnull', True)), _connector='OR'), name='plan_item_done_when_done'),
        ),
        migrations.AddIndex(
            model_name='outbounddelivery',
            index=models.Index(fields=['status', 'next_attempt_at'], name='handoffs_ou_status_f0b90b_idx'),
        ),
        migrations.AddConstraint(
            model_name='outbounddelivery',
            constraint=models.UniqueConstraint(fields=('endpoint', 'event_key'), name='one_delivery_per_event_and_endpoint'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('gap_list', 'Gap list assigned'), ('routed_to_cs', 'Packet routed to CS'), ('annotation', 'Comment on a packet'), ('decision', 'Decision made'), ('kickoff_booked', 'Kickoff booked'), ('sla_soon', 'Due soon'), ('sla_lapsed', 'Overdue'), ('plan_gate_soon', 'Success plan gate coming up'), ('plan_gate_missed', 'Success plan item missed')], max_length=20),
        ),
        migrations.RunPython(schedule, unschedule),
    ]
