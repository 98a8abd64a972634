from django.contrib import admin

from governance.models import AssignmentRule, FieldDefinition, GatePolicy


@admin.register(FieldDefinition)
class FieldDefinitionAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "blocks_gate", "position", "updated_at"]
    ordering = ["position"]


@admin.register(GatePolicy)
class GatePolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(admin.ModelAdmin):
    list_display = ["business_unit", "strategy", "updated_at"]
