from django import forms
from django.conf import settings

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
