from django.contrib import admin

from comp.models import (
    CompPlan,
    CsmAdjustment,
    CsmStatement,
    ExceptionAcknowledgement,
    LedgerEntry,
    PayrollExport,
    ReleaseWebhook,
    StickinessSignal,
    WebhookDelivery,
)


@admin.register(CompPlan)
class CompPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "holdback_pct", "closed_at"]
    readonly_fields = ["closed_at", "closed_by"]


class RecordAdmin(admin.ModelAdmin):
    """Read-only: records of what was posted or decided are never added or changed here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(RecordAdmin):
    """Entries are posted by the workflow and corrected by reversal."""

    list_display = ["id", "created_at", "ae", "kind", "amount", "currency", "plan", "late_for"]
    list_filter = ["kind", "plan"]
    search_fields = ["ae__email", "packet__handoff__opportunity_key"]


@admin.register(CsmStatement)
class CsmStatementAdmin(RecordAdmin):
    list_display = ["plan", "csm", "attainment", "payout", "adjustments", "currency", "frozen_at"]
    list_filter = ["plan"]


@admin.register(CsmAdjustment)
class CsmAdjustmentAdmin(RecordAdmin):
    list_display = ["plan", "for_plan", "csm", "amount", "currency", "created_at"]


@admin.register(ExceptionAcknowledgement)
class ExceptionAcknowledgementAdmin(RecordAdmin):
    list_display = ["key", "by", "at"]


@admin.register(PayrollExport)
class PayrollExportAdmin(RecordAdmin):
    list_display = ["plan", "by", "at", "rows"]


@admin.register(ReleaseWebhook)
class ReleaseWebhookAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "is_active"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["webhook", "entry", "status_code", "attempts", "delivered_at"]
    readonly_fields = ["webhook", "entry", "status_code", "attempts", "delivered_at", "last_error"]


admin.site.register(StickinessSignal)
