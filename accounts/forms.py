from django import forms

from accounts.models import BusinessUnit, Role


class InviteForm(forms.Form):
    full_name = forms.CharField(max_length=150, label="Full name")
    email = forms.EmailField(label="Work e-mail")
    role = forms.ChoiceField(choices=Role.choices)
    business_unit = forms.ModelChoiceField(
        queryset=BusinessUnit.objects.all(),
        required=False,
        label="Business unit",
        help_text="Required for AEs and CSMs.",
    )
