"""The intake side: integrations that may send events, their credentials, and the event inbox."""

import base64
import hashlib
import secrets

from django.db import models
from django.utils import timezone

SECRET_PREFIX = "whsec_"
TOKEN_PREFIX = "hbk_"


class Integration(models.Model):
    """A system that sends Closed-Won events (a CRM, the product, a file import)."""

    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SigningSecret(models.Model):
    """A Standard Webhooks secret; several may be active at once while a sender rotates."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="secrets")
    secret = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.integration} secret …{self.secret[-4:]}"

    @staticmethod
    def generate() -> str:
        return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiToken(models.Model):
    """A bearer token for senders that cannot sign; only its hash is stored."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.integration} token {self.prefix}…"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)


class InboundStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    PROCESSING = "processing", "Processing"
    PROCESSED = "processed", "Processed"
    FAILED = "failed", "Failed"


class InboundEvent(models.Model):
    """The raw event exactly as it arrived, stored before anything else happens to it."""

    event_id = models.CharField(max_length=200, unique=True)
    event_type = models.CharField(max_length=50)
    integration = models.ForeignKey(
        Integration, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    delivery_id = models.CharField(
        max_length=200,
        blank=True,
        help_text="The Standard Webhooks `webhook-id` it came with; empty for tokens and files.",
    )
    handoff = models.ForeignKey(
        "handoffs.Handoff", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    payload = models.JSONField()
    status = models.CharField(
        max_length=20, choices=InboundStatus.choices, default=InboundStatus.RECEIVED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(
        default=timezone.now, help_text="When it was last handed to the task queue."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["status", "received_at"])]
        constraints = [
            # One delivery carries one event: a sender reusing a webhook-id is refused.
            models.UniqueConstraint(
                fields=["integration", "delivery_id"],
                condition=~models.Q(delivery_id=""),
                name="inbound_delivery_once_per_integration",
            )
        ]

    def __str__(self) -> str:
        return self.event_id
