"""What became of a customer after the handoff: churned, renewed or expanded, with its ARR.

Outcomes arrive from the CRM or billing system (API or CSV) and are what the churn and NRR
metrics read; the ARR before and after each outcome is what net revenue retention divides.
"""

from django.db import models

from handoffs.models.sources import Account


class OutcomeKind(models.TextChoices):
    CHURNED = "churned", "Churned"
    RENEWED = "renewed", "Renewed"
    EXPANDED = "expanded", "Expanded"


class AccountOutcome(models.Model):
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="outcomes")
    external_id = models.CharField(
        max_length=200, unique=True, help_text="The sender's id; a repeat is ignored."
    )
    kind = models.CharField(max_length=10, choices=OutcomeKind.choices)
    occurred_on = models.DateField()
    arr_before = models.DecimalField(
        max_digits=14, decimal_places=2, help_text="The account's ARR just before the outcome."
    )
    arr_after = models.DecimalField(
        max_digits=14, decimal_places=2, help_text="Its ARR after it: 0 when the account churned."
    )
    currency = models.CharField(max_length=3)
    source = models.CharField(max_length=20, default="api")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["account", "kind", "occurred_on"]),
            models.Index(fields=["occurred_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(arr_before__gte=0, arr_after__gte=0),
                name="outcome_arr_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="churned") | models.Q(arr_after=0),
                name="outcome_churn_leaves_no_arr",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="expanded")
                | models.Q(arr_after__gt=models.F("arr_before")),
                name="outcome_expansion_grows_arr",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.get_kind_display().lower()} on {self.occurred_on}"
