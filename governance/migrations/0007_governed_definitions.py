"""Field definitions as versioned, governed data (with the gate and the word-count range),
source mappings versioned the same way, and the quarterly operator review. What was in force
becomes version 1 of each, published with no author; the gate policy row folds into it."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from governance.field_defaults import DEFAULT_FIELDS
from governance.source_catalog import DEFAULT_MAPPING_NOTE, DEFAULT_MAPPINGS

STATES = [('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('retired', 'Retired')]
SHIPPED_NOTE = "As Handbrief ships: the operating model's eight fields, gate 7 of 8."


def ship_first_versions(apps, schema_editor):
    FieldDefinition = apps.get_model("governance", "FieldDefinition")
    GatePolicy = apps.get_model("governance", "GatePolicy")
    DefinitionsVersion = apps.get_model("governance", "DefinitionsVersion")
    MappingVersion = apps.get_model("governance", "MappingVersion")
    SourceMapping = apps.get_model("governance", "SourceMapping")
    now = django.utils.timezone.now()
    gate = GatePolicy.objects.filter(pk=1).values_list("threshold", flat=True).first() or 7
    definitions = DefinitionsVersion.objects.create(
        number=1, state="published", published_at=now, change_note=SHIPPED_NOTE,
        gate_threshold=gate,
    )
    if not FieldDefinition.objects.exists():
        for position, field in enumerate(DEFAULT_FIELDS):
            FieldDefinition.objects.create(version=definitions, position=position, **field)
    FieldDefinition.objects.update(version=definitions)
    mapping = MappingVersion.objects.create(
        number=1, state="published", published_at=now, change_note=DEFAULT_MAPPING_NOTE
    )
    priorities = {}
    for field_key, attribute, source, locator in DEFAULT_MAPPINGS:
        priorities[field_key, attribute] = priorities.get((field_key, attribute), 0) + 1
        SourceMapping.objects.create(
            version=mapping, field_key=field_key, attribute=attribute,
            priority=priorities[field_key, attribute], source=str(source), locator=locator,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0006_tamper_proof_prompts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DefinitionsVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(unique=True)),
                ('change_note', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('state', models.CharField(choices=STATES, default='draft', max_length=10)),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('retired_at', models.DateTimeField(blank=True, null=True)),
                ('gate_threshold', models.PositiveSmallIntegerField(default=7, help_text='How many fields must be complete for a packet to reach CS.', validators=[django.core.validators.MinValueValidator(1)])),
                ('words_min', models.PositiveIntegerField(default=1400, help_text='Shortest packet on target.')),
                ('words_max', models.PositiveIntegerField(default=2400, help_text='Longest packet on target.')),
                ('words_warning', models.PositiveIntegerField(default=4000, help_text='Above this a packet is flagged as too long.')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('based_on', models.ForeignKey(blank=True, help_text='The published set this draft started from; publishing refuses a stale base.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.definitionsversion')),
            ],
            options={
                'ordering': ['-number'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='MappingVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(unique=True)),
                ('change_note', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('state', models.CharField(choices=STATES, default='draft', max_length=10)),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('retired_at', models.DateTimeField(blank=True, null=True)),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('based_on', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.mappingversion')),
            ],
            options={
                'ordering': ['-number'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='SourceMapping',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field_key', models.SlugField()),
                ('attribute', models.SlugField()),
                ('priority', models.PositiveSmallIntegerField(default=1)),
                ('source', models.CharField(choices=[('crm', 'CRM field'), ('meddpicc', 'MEDDPICC'), ('contract', 'Contract'), ('transcript', 'Transcript mining'), ('telemetry', 'Telemetry')], max_length=12)),
                ('locator', models.CharField(help_text='Which CRM field, MEDDPICC letter, clause or pattern.', max_length=200)),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rows', to='governance.mappingversion')),
            ],
            options={
                'ordering': ['version', 'field_key', 'attribute', 'priority', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ReviewCycle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quarter', models.CharField(help_text='Like 2027-Q1.', max_length=7, unique=True)),
                ('starts_on', models.DateField()),
                ('ends_on', models.DateField()),
                ('cs_ops_signed_at', models.DateTimeField(blank=True, null=True)),
                ('revops_signed_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('cs_ops_signed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('revops_signed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-starts_on'],
            },
        ),
        migrations.AddField(
            model_name='fielddefinition',
            name='version',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='fields', to='governance.definitionsversion'),
        ),
        migrations.RunPython(ship_first_versions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='fielddefinition',
            name='version',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fields', to='governance.definitionsversion'),
        ),
        migrations.AlterModelOptions(
            name='fielddefinition',
            options={'ordering': ['version', 'position', 'key']},
        ),
        migrations.AlterField(
            model_name='fielddefinition',
            name='key',
            field=models.SlugField(),
        ),
        migrations.AddConstraint(
            model_name='fielddefinition',
            constraint=models.UniqueConstraint(fields=('version', 'key'), name='field_key_once_per_version'),
        ),
        migrations.DeleteModel(
            name='GatePolicy',
        ),
        migrations.AddConstraint(
            model_name='definitionsversion',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'published')), fields=('state',), name='one_published_definitionsversion'),
        ),
        migrations.AddConstraint(
            model_name='definitionsversion',
            constraint=models.CheckConstraint(condition=models.Q(('approved_by__isnull', True), ('author__isnull', True), models.Q(('approved_by', models.F('author')), _negated=True), _connector='OR'), name='definitionsversion_approver_is_not_author'),
        ),
        migrations.AddConstraint(
            model_name='definitionsversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'published'), _negated=True), ('approved_by__isnull', False), ('author__isnull', True), _connector='OR'), name='published_definitionsversion_was_approved'),
        ),
        migrations.AddConstraint(
            model_name='definitionsversion',
            constraint=models.CheckConstraint(condition=models.Q(('gate_threshold__gte', 1)), name='definitions_gate_at_least_1'),
        ),
        migrations.AddConstraint(
            model_name='definitionsversion',
            constraint=models.CheckConstraint(condition=models.Q(('words_min__lt', models.F('words_max')), ('words_max__lte', models.F('words_warning'))), name='definitions_word_range_in_order'),
        ),
        migrations.AddConstraint(
            model_name='mappingversion',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'published')), fields=('state',), name='one_published_mappingversion'),
        ),
        migrations.AddConstraint(
            model_name='mappingversion',
            constraint=models.CheckConstraint(condition=models.Q(('approved_by__isnull', True), ('author__isnull', True), models.Q(('approved_by', models.F('author')), _negated=True), _connector='OR'), name='mappingversion_approver_is_not_author'),
        ),
        migrations.AddConstraint(
            model_name='mappingversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'published'), _negated=True), ('approved_by__isnull', False), ('author__isnull', True), _connector='OR'), name='published_mappingversion_was_approved'),
        ),
        migrations.AddConstraint(
            model_name='reviewcycle',
            constraint=models.CheckConstraint(condition=models.Q(('starts_on__lt', models.F('ends_on'))), name='review_cycle_starts_before_it_ends'),
        ),
        migrations.AddConstraint(
            model_name='sourcemapping',
            constraint=models.UniqueConstraint(fields=('version', 'field_key', 'attribute', 'priority'), name='mapping_priority_once_per_attribute'),
        ),
    ]
