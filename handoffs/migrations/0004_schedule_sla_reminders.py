from django.db import migrations


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        name="remind-about-slas",
        defaults={"func": "handoffs.tasks.remind_about_slas", "schedule_type": "I",
                  "minutes": 10, "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="remind-about-slas").delete()


class Migration(migrations.Migration):
    dependencies = [("handoffs", "0003_review_and_follow_through"),
                    ("django_q", "0018_task_success_index")]

    operations = [migrations.RunPython(schedule, unschedule)]
