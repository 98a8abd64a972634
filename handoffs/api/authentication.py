"""How senders of Closed-Won events prove who they are: a signature, or an API token."""

from django.utils import timezone
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, ParseError

from handoffs.models import ApiToken, InboundEvent, Integration, SigningSecret
from handoffs.webhooks import signature_matches, timestamp_is_fresh

SIGNATURE_HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


class IntegrationPrincipal:
    """Stands in for a user when a system, not a person, calls the API. `delivery_id` is the
    signed `webhook-id` of this delivery ("" with a token): intake dedupes on it."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    role = "integration"
    pk = None

    def __init__(self, integration: Integration, delivery_id: str = ""):
        self.integration = integration
        self.delivery_id = delivery_id

    def __str__(self) -> str:
        return f"integration {self.integration.name}"


class WebhookSignatureAuthentication(BaseAuthentication):
    def authenticate(self, request):
        headers = {name: request.headers.get(name) for name in SIGNATURE_HEADERS}
        if not any(headers.values()):
            return None
        if not all(headers.values()):
            missing = ", ".join(name for name, value in headers.items() if not value)
            raise AuthenticationFailed(f"Missing signature headers: {missing}.")
        longest = InboundEvent._meta.get_field("delivery_id").max_length
        msg_id = headers["webhook-id"]
        if len(msg_id) > longest or not (msg_id.isascii() and msg_id.isprintable()):
            raise ParseError(f"webhook-id must be at most {longest} printable ASCII characters.")
        try:
            timestamp = int(headers["webhook-timestamp"])
        except ValueError as error:
            raise AuthenticationFailed("webhook-timestamp must be Unix seconds.") from error
        if not timestamp_is_fresh(timestamp):
            raise AuthenticationFailed(
                "webhook-timestamp is more than 5 minutes off; the request may be a replay."
            )
        body = request._request.body
        secrets = SigningSecret.objects.filter(
            revoked_at__isnull=True, integration__is_active=True
        ).select_related("integration")
        for secret in secrets:
            if signature_matches(
                secret=secret.secret,
                msg_id=msg_id,
                timestamp=timestamp,
                body=body,
                header=headers["webhook-signature"],
            ):
                return IntegrationPrincipal(secret.integration, delivery_id=msg_id), secret
        raise AuthenticationFailed("The signature matches no active integration secret.")

    def authenticate_header(self, request) -> str:
        return 'Webhook realm="handbrief"'


class IntegrationTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Use 'Authorization: Bearer <token>'.")
        raw = parts[1].decode(errors="replace")
        token = (
            ApiToken.objects.select_related("integration")
            .filter(
                token_hash=ApiToken.hash(raw), revoked_at__isnull=True, integration__is_active=True
            )
            .first()
        )
        if token is None:
            raise AuthenticationFailed("Unknown or revoked API token.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return IntegrationPrincipal(token.integration), token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="handbrief"'
