from django.contrib import admin

from comp.models import CompPlan, LedgerEntry, ReleaseWebhook, StickinessSignal, WebhookDelivery


@admin.register(CompPlan)
class CompPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "holdback_pct", "closed_at"]
    readonly_fields = ["closed_at"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are posted by the workflow and corrected by reversal."""

    list_display = ["id", "created_at", "ae", "kind", "amount", "currency", "plan"]
    list_filter = ["kind", "plan"]
    search_fields = ["ae__email", "packet__handoff__opportunity_key"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReleaseWebhook)
class ReleaseWebhookAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "is_active"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["webhook", "entry", "status_code", "attempts", "delivered_at"]
    readonly_fields = ["webhook", "entry", "status_code", "attempts", "delivered_at", "last_error"]


admin.site.register(StickinessSignal)
