"""The query parameters of the metrics page and the packet explorer, read through forms.

A value that is not one of the choices, a quarter that does not parse or lies out of bounds, an
unknown sort key: each is a 400 that names the parameter, never a 500 or a silent default.
"""

from decimal import Decimal

from django import forms
from django.db.models import Count

from accounts.errors import BadInput
from accounts.models import BusinessUnit, Role, User
from governance.models import DrafterKind, PromptVersion
from handoffs.metrics.scope import HOURS_WITH_PACKET, HOURS_WITHOUT_PACKET, Scope
from handoffs.models import Motion, Opportunity, Segment, Status
from handoffs.periods import FIRST_YEAR, LAST_YEAR, Bucket, parse_quarter, trailing_year

ANY = [("", "Any")]


def _quarter(value: str, name: str) -> tuple:
    bounds = parse_quarter(value)
    if bounds is None:
        raise forms.ValidationError(
            f"{name} is a quarter such as 2027-Q1, between {FIRST_YEAR} and {LAST_YEAR}."
        )
    return bounds


def currencies() -> list[str]:
    """The deals' currencies, the most used first (money metrics read one at a time)."""
    used = (
        Opportunity.objects.values_list("currency", flat=True)
        .annotate(n=Count("id"))
        .order_by("-n", "currency")
    )
    return list(used) or ["USD"]


class ScopeForm(forms.Form):
    """Which packets: the filters the metrics page and the explorer share."""

    business_unit = forms.ChoiceField(required=False, label="Business unit")
    segment = forms.ChoiceField(choices=ANY + Segment.choices, required=False)
    motion = forms.ChoiceField(choices=ANY + Motion.choices, required=False)
    ae = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.AE).order_by("full_name"),
        to_field_name="email",
        required=False,
        label="AE",
        empty_label="Any",
    )
    csm = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.CSM).order_by("full_name"),
        to_field_name="email",
        required=False,
        label="CSM",
        empty_label="Any",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = BusinessUnit.objects.order_by("name").values_list("slug", "name")
        self.fields["business_unit"].choices = ANY + list(units)


class MetricsForm(ScopeForm):
    period = forms.CharField(required=False, max_length=20, label="Period")
    by = forms.ChoiceField(
        choices=[*ANY, (Bucket.WEEK, "Week"), (Bucket.QUARTER, "Quarter")],
        required=False,
        label="Trend by",
    )
    currency = forms.ChoiceField(required=False)
    hours_without = forms.DecimalField(
        min_value=0,
        max_value=40,
        decimal_places=1,
        required=False,
        label="CSM hours per handoff without a packet",
    )
    hours_with = forms.DecimalField(
        min_value=0,
        max_value=40,
        decimal_places=1,
        required=False,
        label="CSM hours per handoff with a packet",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.currencies = currencies()
        self.fields["currency"].choices = [(code, code) for code in self.currencies]

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip()
        if period:
            _quarter(period, "Period")
        return period

    def clean(self) -> dict:
        cleaned = super().clean()
        without = cleaned.get("hours_without")
        with_packet = cleaned.get("hours_with")
        if without is not None and with_packet is not None and with_packet > without:
            raise forms.ValidationError(
                "Hours with a packet cannot exceed hours without one.", code="hours"
            )
        return cleaned

    def scope(self, today) -> Scope:
        """The scope these parameters name: a quarter (trend by week), or the four quarters
        that end with this one (trend by quarter)."""
        data = self.cleaned_data
        if data["period"]:
            (start, end), bucket = parse_quarter(data["period"]), Bucket.WEEK
        else:
            (start, end), bucket = trailing_year(today), Bucket.QUARTER
        return Scope(
            start=start,
            end=end,
            bucket=Bucket(data["by"]) if data["by"] else bucket,
            today=today,
            period=data["period"],
            business_unit=data["business_unit"],
            segment=data["segment"],
            motion=data["motion"],
            ae=data["ae"].email if data["ae"] else "",
            csm=data["csm"].email if data["csm"] else "",
            currency=data["currency"] or self.currencies[0],
            hours_without=_or(data["hours_without"], HOURS_WITHOUT_PACKET),
            hours_with=_or(data["hours_with"], HOURS_WITH_PACKET),
        )


def _or(value: Decimal | None, default: Decimal) -> Decimal:
    return default if value is None else value


SORTS = {
    "due": "Due soonest",
    "-closed": "Closed, newest",
    "closed": "Closed, oldest",
    "-score": "Score, highest",
    "score": "Score, lowest",
    "-amount": "Amount, largest",
    "account": "Account A-Z",
    "-updated": "Recently changed",
}


class ExplorerForm(MetricsForm):
    q = forms.CharField(required=False, max_length=200, label="Search")
    status = forms.ChoiceField(choices=ANY + Status.choices, required=False)
    overdue = forms.ChoiceField(choices=[*ANY, ("1", "Overdue only")], required=False)
    gate = forms.ChoiceField(
        choices=[*ANY, ("passed", "Passes the gate"), ("failed", "Below the gate")],
        required=False,
        label="Gate",
    )
    drafter = forms.ChoiceField(choices=ANY + DrafterKind.choices, required=False)
    prompt_version = forms.ModelChoiceField(
        queryset=PromptVersion.objects.select_related("template").order_by("-created_at"),
        required=False,
        label="Prompt version",
        empty_label="Any",
    )
    quarter = forms.CharField(required=False, max_length=20, label="Closed in")
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False)
    metric = forms.CharField(required=False, max_length=50)
    series = forms.IntegerField(required=False, min_value=0, max_value=9)
    part = forms.ChoiceField(choices=[*ANY, ("counted", "counted"), ("hit", "hit")], required=False)

    def clean_quarter(self) -> tuple | None:
        quarter = self.cleaned_data["quarter"].strip()
        return _quarter(quarter, "Closed in") if quarter else None


def problems(form: forms.Form) -> str:
    """What was wrong with the parameters, each named by its label."""
    return " ".join(
        f"{form[name].label}: {error}" if name in form.fields else error
        for name, errors in form.errors.items()
        for error in errors
    )


def read(form: forms.Form) -> forms.Form:
    """The form, valid; otherwise a 400 naming each parameter that was wrong."""
    if form.is_valid():
        return form
    raise BadInput(
        problems(form), errors={name: list(errors) for name, errors in form.errors.items()}
    )
