"""Comp forms: the plan editor, and the small forms of RevOps' decisions."""

from django import forms

from comp.models import PLAN_SETTINGS, CompPlan


class PlanForm(forms.ModelForm):
    class Meta:
        model = CompPlan
        fields = PLAN_SETTINGS
        labels = {
            "ae_commission_rate": "AE commission rate (0.10 = 10 %)",
            "holdback_pct": "AE holdback (% of commission, 20-30)",
            "completeness_window_days": "Completeness window (calendar days from close)",
            "deferred_release_pct": "Released when the window is missed (%, defer policy)",
            "no_kickoff_policy": "No kickoff by the quarter close, window passed",
            "csm_onboarding_share_pct": "CSM onboarding share of variable (%, 15-25)",
            "stickiness_window_days": "Stickiness window (days after kickoff)",
        }
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"sticky_milestones": 'A JSON list, e.g. ["first dashboard", "SSO live"].'}


class AdjustmentForm(forms.Form):
    amount = forms.DecimalField(max_digits=14, decimal_places=2)
    reason = forms.CharField(max_length=500)


class ReversalForm(forms.Form):
    reason = forms.CharField(max_length=500)


class AcknowledgementForm(forms.Form):
    key = forms.CharField(max_length=200)
    note = forms.CharField(max_length=500, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("release", "Release"), ("forfeit", "Forfeit")])
    reason = forms.CharField(max_length=500)
