"""The deterministic drafting floor and grounded prose: what each draft run dropped of the
model's prose and why, where the model and the rules disagreed, and the passages of the sources
withheld because they spoke to the drafter."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("handoffs", "0009_intake_hardening")]

    operations = [
        migrations.AddField(
            model_name="draftrun",
            name="disagreements",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Where the model and the rules disagreed: [{about, rules, model, sources}].",
            ),
        ),
        migrations.AddField(
            model_name="draftrun",
            name="passages_withheld",
            field=models.PositiveIntegerField(
                default=0, help_text="Passages of the sources that spoke to the drafter."
            ),
        ),
        migrations.AddField(
            model_name="draftrun",
            name="sentence_drops",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Why model sentences were dropped: [{reason, count}]. Their words are not kept.",
            ),
        ),
        migrations.AddField(
            model_name="draftrun",
            name="sentences_dropped",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="draftrun",
            name="sentences_kept",
            field=models.PositiveIntegerField(
                default=0, help_text="Model sentences that stood on checked evidence and were kept."
            ),
        ),
        migrations.AddField(
            model_name="draftrun",
            name="withheld",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Where each passage that spoke to the drafter was, and what it looked like: "
                "[{where, pattern}]. The passage itself is not kept.",
            ),
        ),
    ]
