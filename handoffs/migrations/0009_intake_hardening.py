"""Intake and background work that survive crashes and bad input: the delivery id an event came
with (one delivery, one event), when it was last queued, and the sweep that queues stuck work
again."""

import django.utils.timezone
from django.db import migrations, models


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        name="requeue-stuck-work",
        defaults={"func": "handoffs.tasks.requeue_stuck_work", "schedule_type": "I",
                  "minutes": 1, "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="requeue-stuck-work").delete()


class Migration(migrations.Migration):
    dependencies = [("handoffs", "0008_packet_gate_blocked_by"),
                    ("django_q", "0018_task_success_index")]

    operations = [
        migrations.AddField(
            model_name="inboundevent",
            name="delivery_id",
            field=models.CharField(
                blank=True,
                help_text="The Standard Webhooks `webhook-id` it came with; empty for tokens "
                "and files.",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="inboundevent",
            name="queued_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text="When it was last handed to the task queue.",
            ),
        ),
        migrations.AddConstraint(
            model_name="inboundevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("delivery_id", ""), _negated=True),
                fields=("integration", "delivery_id"),
                name="inbound_delivery_once_per_integration",
            ),
        ),
        migrations.RunPython(schedule, unschedule),
    ]
