"""Packets record the definitions version that scored them and their length against its range;
operator flags for the quarterly review; replays of draft versions over past deals; governance
notices, checked daily. Packets scored before keep version 1, the set that scored them."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def record_first_version(apps, schema_editor):
    Packet = apps.get_model("handoffs", "Packet")
    DefinitionsVersion = apps.get_model("governance", "DefinitionsVersion")
    first = DefinitionsVersion.objects.filter(state="published").first()
    if first is None:
        return
    Packet.objects.update(definitions_version=first)
    for verdict, words in (
        ("too_long", models.Q(word_count__gt=first.words_warning)),
        ("long", models.Q(word_count__gt=first.words_max, word_count__lte=first.words_warning)),
        ("on_target", models.Q(word_count__gte=first.words_min, word_count__lte=first.words_max)),
    ):
        Packet.objects.filter(words).update(length_verdict=verdict)


def schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.get_or_create(
        name="governance-reminders",
        defaults={"func": "handoffs.tasks.send_governance_reminders", "schedule_type": "D",
                  "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="governance-reminders").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("handoffs", "0012_success_plans"),
        ("governance", "0007_governed_definitions"),
        ("django_q", "0018_task_success_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='packet',
            name='definitions_version',
            field=models.ForeignKey(blank=True, help_text='The field definitions that scored it; kept once a CSM accepted it.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.definitionsversion'),
        ),
        migrations.AddField(
            model_name='packet',
            name='length_verdict',
            field=models.CharField(choices=[('short', 'Short'), ('on_target', 'On target'), ('long', 'Long'), ('too_long', 'Too long')], default='short', help_text='The word count against the range of the definitions that scored it.', max_length=10),
        ),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('gap_list', 'Gap list assigned'), ('routed_to_cs', 'Packet routed to CS'), ('annotation', 'Comment on a packet'), ('decision', 'Decision made'), ('kickoff_booked', 'Kickoff booked'), ('sla_soon', 'Due soon'), ('sla_lapsed', 'Overdue'), ('governance_stale', 'Governance needs a look'), ('review_due', 'Operator review due'), ('plan_gate_soon', 'Success plan gate coming up'), ('plan_gate_missed', 'Success plan item missed')], max_length=20),
        ),
        migrations.CreateModel(
            name='ReplayRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('prompt', 'Prompt version'), ('definitions', 'Field definitions')], max_length=12)),
                ('packet_ids', models.JSONField(default=list, help_text="The past deals' packets, in order.")),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('baseline_definitions', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.definitionsversion')),
                ('baseline_prompt', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.promptversion')),
                ('candidate_definitions', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.definitionsversion')),
                ('candidate_prompt', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.promptversion')),
                ('started_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='OperatorFlag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(help_text='The field flagged.')),
                ('sentence', models.TextField(blank=True, help_text='The sentence flagged; empty: the field.')),
                ('kind', models.CharField(choices=[('wrong', 'Wrong'), ('noise', 'Noise'), ('missing', 'Missing')], max_length=10)),
                ('comment', models.TextField()),
                ('raised_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('packet_version', models.PositiveIntegerField()),
                ('field_version', models.PositiveIntegerField(default=0)),
                ('drafter', models.CharField(blank=True, max_length=30)),
                ('triage', models.CharField(blank=True, choices=[('', 'Not triaged'), ('accepted', 'Accepted'), ('declined', 'Declined')], default='', max_length=10)),
                ('triage_reason', models.TextField(blank=True)),
                ('triaged_at', models.DateTimeField(blank=True, null=True)),
                ('addressed_by_definitions', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.definitionsversion')),
                ('addressed_by_prompt', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.promptversion')),
                ('definitions_version', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.definitionsversion')),
                ('packet', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='operator_flags', to='handoffs.packet')),
                ('prompt_version', models.ForeignKey(blank=True, help_text="The prompt of the packet's last LLM draft, if an LLM drafted it.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.promptversion')),
                ('raised_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('triaged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['raised_at', 'id'],
                'indexes': [models.Index(fields=['raised_at'], name='handoffs_op_raised__64159e_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('triage', 'accepted'), _negated=True), ('addressed_by_prompt__isnull', False), ('addressed_by_definitions__isnull', False), _connector='OR'), name='accepted_flag_names_its_fix'), models.CheckConstraint(condition=models.Q(models.Q(('triage', 'declined'), _negated=True), models.Q(('triage_reason', ''), _negated=True), _connector='OR'), name='declined_flag_says_why')],
            },
        ),
        migrations.CreateModel(
            name='ReplayResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outcome', models.JSONField(default=dict)),
                ('error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('packet', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='handoffs.packet')),
                ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='results', to='handoffs.replayrun')),
            ],
            options={
                'ordering': ['run', 'id'],
                'constraints': [models.UniqueConstraint(fields=('run', 'packet'), name='replay_deal_once_per_run')],
            },
        ),
        migrations.RunPython(record_first_version, migrations.RunPython.noop),
        migrations.RunPython(schedule, unschedule),
    ]
