"""Account outcomes on a page: load them from a CSV and see what arrived last."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from accounts.policies import requires
from handoffs.models import AccountOutcome
from handoffs.services import outcomes

MAX_CSV_BYTES = 2 * 1024 * 1024
RECENT = 20


class OutcomeFileForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        error_messages={"required": "Choose a CSV file to import."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError("The file is over 2 MB; split it into smaller files.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The file is not UTF-8 text; save it as CSV UTF-8.") from None


@require_http_methods(["GET", "POST"])
@requires("outcomes.record")
def account_outcomes(request):
    """GET shows the form and the latest outcomes; POST imports a CSV (400 when the file
    cannot be read at all; rows with errors are reported by line while the rest load)."""
    form, result, status = OutcomeFileForm(), None, 200
    if request.method == "POST":
        form = OutcomeFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = outcomes.import_csv(text=form.cleaned_data["file"])
            except ValidationError as refused:
                form.add_error("file", refused)
        status = 400 if form.errors else 200
    return render(
        request,
        "handoffs/outcomes.html",
        {
            "form": form,
            "result": result,
            "columns": outcomes.CSV_COLUMNS,
            "recent": AccountOutcome.objects.select_related("account")[:RECENT],
            "total": AccountOutcome.objects.count(),
        },
        status=status,
    )
