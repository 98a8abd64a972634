from django import forms
from django.conf import settings

from governance.definition_services import attributes_from
from governance.models import SlaPolicy, SourceKind
from governance.prompt_defaults import OUTPUT_SCHEMA_VERSIONS


class PromptVersionForm(forms.Form):
    text = forms.CharField(
        label="System prompt",
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "true"}),
        help_text="Sent before the deal's data on every draft. Transcripts always travel in a "
        "separate, delimited data section; say here that they are data, not instructions.",
    )
    model = forms.CharField(
        required=False,
        max_length=100,
        help_text="Leave empty to use the server's default model.",
    )
    temperature = forms.DecimalField(
        min_value=0,
        max_value=2,
        max_digits=3,
        decimal_places=2,
        initial=0,
        help_text="0 to 2. Low values keep drafts close to the sources.",
    )
    output_schema_version = forms.ChoiceField(
        label="Output schema",
        choices=[(version, version) for version in OUTPUT_SCHEMA_VERSIONS],
        help_text="The reply shape this prompt asks for.",
    )
    change_note = forms.CharField(
        label="What changed and why",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The reviewer reads this first.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "model"
        ].help_text = f"Leave empty to use the server's default, {settings.HANDBRIEF['LLM_MODEL']}."


class FieldDefinitionForm(forms.Form):
    """One field of a definitions draft; a new key adds a field."""

    key = forms.SlugField(
        max_length=50,
        help_text="Lower-case with underscores; a new key adds a field to the packet.",
    )
    label = forms.CharField(max_length=100)
    guidance = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What complete means, shown to the AE next to the field.",
    )
    required_attributes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What a complete value must carry, one per line or comma-separated, "
        "like linkedin_url.",
    )
    blocks_gate = forms.BooleanField(
        required=False, label="An incomplete value fails the gate whatever the score"
    )

    def __init__(self, *args, prefix_key: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if prefix_key:
            self.fields["key"].widget = forms.HiddenInput()

    def clean_required_attributes(self) -> list[str]:
        try:
            return attributes_from(self.cleaned_data["required_attributes"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["required_attributes"]) from None


class GateForm(forms.Form):
    gate_threshold = forms.IntegerField(
        min_value=1, label="Fields complete to reach CS", help_text="At most the number of fields."
    )


class WordsForm(forms.Form):
    words_min = forms.IntegerField(min_value=1, label="Shortest on target")
    words_max = forms.IntegerField(min_value=1, label="Longest on target")
    words_warning = forms.IntegerField(min_value=1, label="Too long above")


class ChangeNoteForm(forms.Form):
    change_note = forms.CharField(
        label="What changed and why",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The reviewer reads this first.",
    )


class MappingRowForm(forms.Form):
    field_key = forms.SlugField(max_length=50, label="Field")
    attribute = forms.SlugField(max_length=50)
    source = forms.ChoiceField(choices=SourceKind.choices)
    locator = forms.CharField(
        max_length=200,
        label="Which",
        help_text="A CRM field, MEDDPICC part, contract term, transcript pattern or telemetry "
        "metric from the list, or keywords:a|b for transcripts and contract clauses.",
    )


class RowForm(forms.Form):
    row = forms.IntegerField(min_value=1)


class SlaForm(forms.ModelForm):
    class Meta:
        model = SlaPolicy
        fields = [
            "ae_turnaround_hours",
            "csm_review_business_days",
            "kickoff_business_days",
            "due_soon_hours",
        ]
        labels = {
            "ae_turnaround_hours": "AE turnaround (hours)",
            "csm_review_business_days": "CS review (business days)",
            "kickoff_business_days": "Kickoff (business days after acceptance)",
            "due_soon_hours": "Due soon (hours before)",
        }
