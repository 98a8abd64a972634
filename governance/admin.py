from django.contrib import admin

from governance.models import (
    AssignmentRule,
    DefinitionsVersion,
    DraftingPolicy,
    FieldDefinition,
    MappingVersion,
    PromptTemplate,
    PromptVersion,
    ReviewCycle,
    SlaPolicy,
    SourceMapping,
    UnitDrafter,
)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    """The one row: edited in place, never added twice or deleted (`current()` recreates it)."""

    list_display = ["__str__", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return not SlaPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(admin.ModelAdmin):
    list_display = ["business_unit", "strategy", "updated_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to staff for reference; changed only on the Drafting and Governance pages, where
    the rules (a configured model, a second approver, immutable versions) are enforced."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PromptTemplate)
class PromptTemplateAdmin(ReadOnlyAdmin):
    list_display = ["name", "key", "created_at"]


@admin.register(PromptVersion)
class PromptVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "state", "model", "author", "approved_by", "created_at"]
    list_filter = ["template", "state"]


@admin.register(DraftingPolicy)
class DraftingPolicyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "updated_by", "updated_at"]


@admin.register(UnitDrafter)
class UnitDrafterAdmin(ReadOnlyAdmin):
    list_display = ["business_unit", "drafter", "updated_by", "updated_at"]


@admin.register(DefinitionsVersion)
class DefinitionsVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "state", "gate_threshold", "author", "approved_by", "created_at"]


@admin.register(FieldDefinition)
class FieldDefinitionAdmin(ReadOnlyAdmin):
    list_display = ["label", "key", "version", "blocks_gate", "position"]
    list_filter = ["version"]


@admin.register(MappingVersion)
class MappingVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "state", "author", "approved_by", "created_at"]


@admin.register(SourceMapping)
class SourceMappingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "version"]
    list_filter = ["version"]


@admin.register(ReviewCycle)
class ReviewCycleAdmin(ReadOnlyAdmin):
    list_display = ["quarter", "cs_ops_signed_by", "revops_signed_by"]
