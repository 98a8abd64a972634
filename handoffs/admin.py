"""Django admin for staff: sources, packets, the intake inbox (with a retry action), and
success plans' templates and webhooks for reference."""

from django.contrib import admin, messages

from handoffs.models import (
    Account,
    ApiToken,
    Contact,
    Handoff,
    InboundEvent,
    InboundStatus,
    Integration,
    MilestoneTemplate,
    Opportunity,
    OutboundDelivery,
    Packet,
    PacketTransition,
    PlanTemplate,
    SigningSecret,
    Transcript,
    WebhookEndpoint,
)
from handoffs.services.intake import retry_inbound_event


@admin.register(InboundEvent)
class InboundEventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "event_type", "integration", "status", "attempts", "received_at"]
    list_filter = ["status", "event_type", "integration"]
    search_fields = ["event_id"]
    readonly_fields = [
        "event_id",
        "event_type",
        "integration",
        "handoff",
        "payload",
        "status",
        "attempts",
        "error",
        "received_at",
        "claimed_at",
        "processed_at",
    ]
    actions = ["retry"]

    @admin.action(description="Retry the selected failed events")
    def retry(self, request, queryset):
        failed = queryset.filter(status=InboundStatus.FAILED)
        for inbound in failed:
            retry_inbound_event(inbound=inbound)
        skipped = queryset.count() - failed.count()
        self.message_user(
            request,
            f"{failed.count()} queued again"
            + (f"; {skipped} had not failed" if skipped else "")
            + ".",
            messages.SUCCESS,
        )


class SigningSecretInline(admin.TabularInline):
    model = SigningSecret
    extra = 0
    readonly_fields = ["created_at"]


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "created_at"]
    inlines = [SigningSecretInline, ApiTokenInline]


class PacketTransitionInline(admin.TabularInline):
    model = PacketTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "reason", "due_at", "created_at"]
    can_delete = False


@admin.register(Packet)
class PacketAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "score", "csm", "due_at"]
    list_filter = ["status", "business_unit"]
    search_fields = ["handoff__opportunity_key", "handoff__opportunity__name"]
    raw_id_fields = ["handoff", "csm"]
    readonly_fields = ["status", "score", "score_of", "gate", "gate_passed_at", "version"]
    inlines = [PacketTransitionInline]


@admin.register(Handoff)
class HandoffAdmin(admin.ModelAdmin):
    list_display = ["opportunity_key", "ae", "created_at"]
    search_fields = ["opportunity_key"]
    raw_id_fields = ["opportunity", "ae"]


admin.site.register([Account, Contact, Opportunity, Transcript])


class ShownOnly(admin.ModelAdmin):
    """For reference: these change on the RevOps pages (Success plans, Webhooks), where their
    rules are checked and who changed them is kept."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MilestoneTemplateInline(admin.TabularInline):
    model = MilestoneTemplate
    fields = ["gate", "title", "owner", "business_days", "definition_of_done"]

    has_add_permission = ShownOnly.has_add_permission
    has_change_permission = ShownOnly.has_change_permission
    has_delete_permission = ShownOnly.has_delete_permission


@admin.register(PlanTemplate)
class PlanTemplateAdmin(ShownOnly):
    list_display = ["__str__", "at_risk_business_days", "updated_by", "updated_at"]
    inlines = [MilestoneTemplateInline]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ShownOnly):
    list_display = ["name", "url", "is_active", "consecutive_failures", "unhealthy_since"]
    exclude = ["secret"]


@admin.register(OutboundDelivery)
class OutboundDeliveryAdmin(ShownOnly):
    list_display = ["event_type", "endpoint", "status", "attempts", "created_at"]
    list_filter = ["status", "event_type", "endpoint"]
