"""Teach drf-spectacular how integrations authenticate, so the schema documents it."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class WebhookSignatureScheme(OpenApiAuthenticationExtension):
    target_class = "handoffs.api.authentication.WebhookSignatureAuthentication"
    name = "webhookSignature"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "webhook-signature",
            "description": "Standard Webhooks: HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}."
            "{body}` with the integration's secret, sent with `webhook-id` and "
            "`webhook-timestamp` (Unix seconds, within 5 minutes).",
        }


class IntegrationTokenScheme(OpenApiAuthenticationExtension):
    target_class = "handoffs.api.authentication.IntegrationTokenAuthentication"
    name = "integrationToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An integration API token."}
