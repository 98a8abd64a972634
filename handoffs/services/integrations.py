"""Integrations that send events, and their credentials. Raw secrets and tokens are shown once."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from handoffs.models import ApiToken, Integration, SigningSecret


@dataclass(frozen=True)
class Issued:
    """A credential and the one time its raw value is available."""

    raw: str
    integration: Integration


def integration_create(*, name: str) -> Integration:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the integration a name."})
    try:
        with transaction.atomic():
            return Integration.objects.create(name=name)
    except IntegrityError as duplicate:
        raise ValidationError(
            {"name": f"An integration called {name} already exists."}
        ) from duplicate


def integration_set_active(*, integration: Integration, active: bool) -> Integration:
    integration.is_active = active
    integration.save(update_fields=["is_active"])
    return integration


def secret_issue(*, integration: Integration) -> Issued:
    """A new signing secret; older ones stay valid until revoked, so senders can rotate."""
    secret = SigningSecret.objects.create(integration=integration, secret=SigningSecret.generate())
    return Issued(raw=secret.secret, integration=integration)


def secret_revoke(*, secret: SigningSecret) -> SigningSecret:
    if secret.revoked_at is None:
        secret.revoked_at = timezone.now()
        secret.save(update_fields=["revoked_at"])
    return secret


def token_issue(*, integration: Integration) -> Issued:
    raw = ApiToken.generate()
    ApiToken.objects.create(integration=integration, prefix=raw[:8], token_hash=ApiToken.hash(raw))
    return Issued(raw=raw, integration=integration)


def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
