from django.db import migrations

from governance.field_defaults import DEFAULT_FIELDS


def seed(apps, schema_editor):
    FieldDefinition = apps.get_model("governance", "FieldDefinition")
    GatePolicy = apps.get_model("governance", "GatePolicy")
    for position, field in enumerate(DEFAULT_FIELDS):
        FieldDefinition.objects.get_or_create(
            key=field["key"], defaults={**field, "position": position}
        )
    GatePolicy.objects.get_or_create(pk=1, defaults={"threshold": 7})


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_definitions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
