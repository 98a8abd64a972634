"""Account outcomes (churn, renewal, expansion), and the indexes the program metrics read."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("handoffs", "0013_packet_definitions_version")]

    operations = [
        migrations.CreateModel(
            name="AccountOutcome",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("external_id", models.CharField(help_text="The sender's id; a repeat is ignored.", max_length=200, unique=True)),
                ("kind", models.CharField(choices=[("churned", "Churned"), ("renewed", "Renewed"), ("expanded", "Expanded")], max_length=10)),
                ("occurred_on", models.DateField()),
                ("arr_before", models.DecimalField(decimal_places=2, help_text="The account's ARR just before the outcome.", max_digits=14)),
                ("arr_after", models.DecimalField(decimal_places=2, help_text="Its ARR after it: 0 when the account churned.", max_digits=14)),
                ("currency", models.CharField(max_length=3)),
                ("source", models.CharField(default="api", max_length=20)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("account", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="outcomes", to="handoffs.account")),
            ],
            options={
                "ordering": ["-occurred_on", "-id"],
                "indexes": [
                    models.Index(fields=["account", "kind", "occurred_on"], name="handoffs_ac_account_93426c_idx"),
                    models.Index(fields=["occurred_on"], name="handoffs_ac_occurre_de87ec_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("arr_after__gte", 0), ("arr_before__gte", 0)), name="outcome_arr_not_negative"),
                    models.CheckConstraint(condition=models.Q(models.Q(("kind", "churned"), _negated=True), ("arr_after", 0), _connector="OR"), name="outcome_churn_leaves_no_arr"),
                    models.CheckConstraint(condition=models.Q(models.Q(("kind", "expanded"), _negated=True), ("arr_after__gt", models.F("arr_before")), _connector="OR"), name="outcome_expansion_grows_arr"),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="opportunity",
            index=models.Index(fields=["close_date"], name="handoffs_op_close_d_3e842e_idx"),
        ),
        migrations.AddIndex(
            model_name="packettransition",
            index=models.Index(fields=["to_status", "created_at"], name="handoffs_pa_to_stat_a00191_idx"),
        ),
        migrations.AddIndex(
            model_name="packettransition",
            index=models.Index(fields=["packet", "created_at"], name="handoffs_pa_packet__f88396_idx"),
        ),
        migrations.AddIndex(
            model_name="signoff",
            index=models.Index(fields=["decision", "created_at"], name="handoffs_si_decisio_c20d49_idx"),
        ),
    ]
