"""Seed the packet-draft prompt with the version that ships with Handbrief, published.

It has no author: nobody in the organisation wrote it, so nobody can be approving their own
words. Any change is a new version that a person writes and a different person publishes.
"""

from django.db import migrations
from django.utils import timezone

from governance.prompt_defaults import (
    DEFAULT_CHANGE_NOTE,
    DEFAULT_DESCRIPTION,
    DEFAULT_PROMPT,
    OUTPUT_SCHEMA_VERSION,
    PACKET_DRAFT,
)


def seed(apps, schema_editor):
    PromptTemplate = apps.get_model("governance", "PromptTemplate")
    PromptVersion = apps.get_model("governance", "PromptVersion")
    template, _ = PromptTemplate.objects.get_or_create(
        key=PACKET_DRAFT,
        defaults={"name": "Packet draft", "description": DEFAULT_DESCRIPTION},
    )
    if template.versions.exists():
        return
    now = timezone.now()
    PromptVersion.objects.create(
        template=template,
        number=1,
        text=DEFAULT_PROMPT,
        model="",
        temperature=0,
        output_schema_version=OUTPUT_SCHEMA_VERSION,
        change_note=DEFAULT_CHANGE_NOTE,
        state="published",
        created_at=now,
        published_at=now,
    )


class Migration(migrations.Migration):
    dependencies = [("governance", "0003_drafting_and_prompts")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
