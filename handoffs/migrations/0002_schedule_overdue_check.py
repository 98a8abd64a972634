from django.db import migrations


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        name="flag-overdue-packets",
        defaults={"func": "handoffs.tasks.flag_overdue_packets", "schedule_type": "I",
                  "minutes": 10, "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="flag-overdue-packets").delete()


class Migration(migrations.Migration):
    dependencies = [("handoffs", "0001_initial"), ("django_q", "0018_task_success_index")]

    operations = [migrations.RunPython(schedule, unschedule)]
