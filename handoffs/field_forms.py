"""One form per packet field: structured inputs where the field is structured.

Each form turns the field's `data` (the shape the scorer reads) into initial values and back,
and `describe()` renders readable text from what a person entered.
"""

from django import forms

from handoffs import field_text
from handoffs.models import SignalKind
from handoffs.money import as_decimal

NONE_WORDS = {"none", "n/a", "no", "-", "nothing"}


def _lines(value: str) -> list[str] | None:
    """A list from one-per-line text; "none" means an explicit empty list, blank means unstated."""
    items = [line.strip() for line in value.splitlines() if line.strip()]
    if not items:
        return None
    if len(items) == 1 and items[0].lower() in NONE_WORDS:
        return []
    return items


def _text_of(items: list[str] | None) -> str:
    if items is None:
        return ""
    return "\n".join(items) if items else "none"


class PersonFields(forms.Form):
    """The attributes the scorer checks for a named person; PeopleForm copies them per role."""

    name = forms.CharField(max_length=200, required=False)
    title = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(required=False, label="E-mail")
    role_start_date = forms.DateField(
        required=False, label="In role since", widget=forms.DateInput(attrs={"type": "date"})
    )
    linkedin_url = forms.URLField(required=False, label="LinkedIn URL", assume_scheme="https")


class FieldForm(forms.Form):
    """A form for one field; subclasses know the field's data shape."""

    key = ""
    # Every input is optional (a gap is allowed to stay open), so labels do not say so.
    quiet_optional = True

    def __init__(self, *args, data_shape: dict | None = None, **kwargs):
        if "initial" not in kwargs and data_shape is not None:
            kwargs["initial"] = self.initial_from(data_shape)
        super().__init__(*args, **kwargs)

    def initial_from(self, data: dict) -> dict:
        return dict(data)

    def to_data(self, previous: dict) -> dict:
        return dict(self.cleaned_data)

    @staticmethod
    def describe(data: dict) -> str:
        return ""


class PeopleForm(FieldForm):
    """Several named people, one prefixed set of inputs each."""

    roles: tuple[tuple[str, str], ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for role, label in self.roles:
            for name, field in PersonFields.base_fields.items():
                copy = field.__class__(**_field_kwargs(field))
                copy.label = f"{label}: {field.label or name.replace('_', ' ').capitalize()}"
                self.fields[f"{role}__{name}"] = copy

    def initial_from(self, data: dict) -> dict:
        initial = {}
        for role, _ in self.roles:
            for name, value in (data.get(role) or {}).items():
                initial[f"{role}__{name}"] = value
        return initial

    def clean(self):
        cleaned = super().clean()
        for role, label in self.roles:
            linkedin = cleaned.get(f"{role}__linkedin_url")
            if linkedin and "linkedin.com/" not in linkedin:
                self.add_error(
                    f"{role}__linkedin_url", "Use the person's linkedin.com profile URL."
                )
            attrs = [cleaned.get(f"{role}__{n}") for n in PersonFields.base_fields if n != "name"]
            if any(attrs) and not cleaned.get(f"{role}__name"):
                self.add_error(
                    f"{role}__name", f"Name the {label.lower()} these details belong to."
                )
        return cleaned

    def to_data(self, previous: dict) -> dict:
        data = dict(previous)
        for role, _ in self.roles:
            person = {
                name: self.cleaned_data.get(f"{role}__{name}") or ""
                for name in PersonFields.base_fields
            }
            if person["role_start_date"]:
                person["role_start_date"] = person["role_start_date"].isoformat()
            before = previous.get(role) or {}
            same_person = before.get("name") == person["name"]
            person["status"] = before.get("status", "active") if same_person else "active"
            data[role] = person if person["name"] else None
        return data


def _field_kwargs(field: forms.Field) -> dict:
    kwargs = {
        "required": False,
        "label": field.label,
        "widget": field.widget.__class__(attrs=dict(field.widget.attrs)),
    }
    if isinstance(field, forms.CharField):
        kwargs["max_length"] = field.max_length
    if isinstance(field, forms.URLField):
        kwargs["assume_scheme"] = "https"
    return kwargs


def _describe_people(data: dict, roles) -> str:
    lines = []
    for role, label in roles:
        person = data.get(role)
        if not person or not person.get("name"):
            lines.append(f"{label}: not identified.")
            continue
        parts = [person["name"]]
        if person.get("title"):
            parts.append(f", {person['title']}")
        if person.get("role_start_date"):
            parts.append(f" (in role since {person['role_start_date']})")
        lines.append(f"{label}: {''.join(parts)}.")
        if person.get("linkedin_url"):
            lines.append(f"LinkedIn: {person['linkedin_url']}")
    return "\n".join(lines)


class BuyerChampionForm(PeopleForm):
    key = "economic_buyer_champion"
    roles = (("economic_buyer", "Economic buyer"), ("champion", "Champion"))

    @staticmethod
    def describe(data: dict) -> str:
        return _describe_people(data, BuyerChampionForm.roles)


class StakeholderForm(PeopleForm):
    key = "stakeholder_map"
    roles = (
        ("technical_buyer", "Technical buyer"),
        ("security_reviewer", "Security reviewer"),
        ("end_user_lead", "End-user lead"),
    )

    @staticmethod
    def describe(data: dict) -> str:
        return _describe_people(data, StakeholderForm.roles)


CRITERIA_ROWS = 3


class SuccessCriteriaForm(FieldForm):
    """Up to three criteria, each a verbatim quote from the buyer with a target date."""

    key = "success_criteria"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(CRITERIA_ROWS):
            self.fields[f"quote_{row}"] = forms.CharField(
                required=False,
                label=f"Criterion {row + 1}: the buyer's words",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"speaker_{row}"] = forms.CharField(
                required=False, max_length=200, label=f"Criterion {row + 1}: said by"
            )
            self.fields[f"target_date_{row}"] = forms.DateField(
                required=False,
                label=f"Criterion {row + 1}: target date",
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def initial_from(self, data: dict) -> dict:
        initial = {}
        for row, criterion in enumerate((data.get("criteria") or [])[:CRITERIA_ROWS]):
            initial[f"quote_{row}"] = criterion.get("quote", "")
            initial[f"speaker_{row}"] = criterion.get("speaker", "")
            initial[f"target_date_{row}"] = criterion.get("target_date") or None
        return initial

    def clean(self):
        cleaned = super().clean()
        for row in range(CRITERIA_ROWS):
            quote = (cleaned.get(f"quote_{row}") or "").strip()
            if not quote and (cleaned.get(f"speaker_{row}") or cleaned.get(f"target_date_{row}")):
                self.add_error(f"quote_{row}", "Quote the buyer's words for this criterion.")
        return cleaned

    def to_data(self, previous: dict) -> dict:
        kept = {c.get("quote"): c for c in previous.get("criteria") or []}
        criteria = []
        for row in range(CRITERIA_ROWS):
            quote = (self.cleaned_data.get(f"quote_{row}") or "").strip()
            if not quote:
                continue
            target = self.cleaned_data.get(f"target_date_{row}")
            criteria.append(
                {
                    "quote": quote,
                    "speaker": (self.cleaned_data.get(f"speaker_{row}") or "").strip(),
                    "target_date": target.isoformat() if target else "",
                    "source": kept.get(quote, {}).get("source", "human"),
                }
            )
        return {"criteria": criteria}

    @staticmethod
    def describe(data: dict) -> str:
        return (
            "\n".join(
                f"• “{c['quote']}” — {c.get('speaker') or 'buyer'}"
                + (f", target {c['target_date']}" if c.get("target_date") else ", no target date")
                for c in data.get("criteria") or []
            )
            or "No success criteria recorded."
        )


class RiskAttestationForm(FieldForm):
    """Risks are detected by Handbrief and answered one by one; this attests there are none."""

    key = "risk_flags"
    attested_none = forms.BooleanField(
        required=False, label="I attest there are no unresolved risks on this deal"
    )

    def to_data(self, previous: dict) -> dict:
        return {**previous, "attested_none": self.cleaned_data["attested_none"]}

    @staticmethod
    def describe(data: dict) -> str:
        return field_text.risk_flags(data)


PREPAID_CHOICES = (("", "Not stated"), ("yes", "Yes"), ("no", "No"))


class CommercialTermsForm(FieldForm):
    """Amounts, dates and flags round-trip exactly; lines and notes from the CRM are kept."""

    key = "commercial_terms"
    acv = forms.DecimalField(
        required=False, min_value=0, max_digits=14, decimal_places=2, label="ACV"
    )
    currency = forms.RegexField(
        regex=r"^[A-Z]{3}$",
        required=False,
        max_length=3,
        error_messages={"invalid": "Use a three-letter code like USD."},
    )
    term_months = forms.IntegerField(
        required=False, min_value=1, max_value=120, label="Term (months)"
    )
    start_date = forms.DateField(
        required=False, label="Start date", widget=forms.DateInput(attrs={"type": "date"})
    )
    ramp = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One step per line, e.g. “Year 1: 150000”, or “none”.",
    )
    prepaid = forms.ChoiceField(choices=PREPAID_CHOICES, required=False, label="Prepaid")
    prepay_terms = forms.CharField(
        required=False,
        label="Prepay or billing terms",
        help_text="Needed when the deal is prepaid.",
    )
    opt_outs = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Opt-outs",
        help_text="One per line, or “none”.",
    )

    def initial_from(self, data: dict) -> dict:
        ramp = data.get("ramp")
        prepaid = data.get("prepaid")
        return {
            **data,
            "ramp": None
            if ramp is None
            else ("\n".join(f"{s['period']}: {s['amount']}" for s in ramp) or "none"),
            "prepaid": "" if prepaid is None else ("yes" if prepaid else "no"),
            "start_date": data.get("start_date") or None,
            "opt_outs": _text_of(data.get("opt_outs")),
        }

    def clean_ramp(self) -> list[dict] | None:
        steps = _lines(self.cleaned_data["ramp"])
        if not steps:
            return steps
        parsed = []
        for step in steps:
            period, _, amount = step.rpartition(":")
            value = as_decimal(amount.replace(",", "").strip())
            if value is None or not period.strip():
                raise forms.ValidationError(f"“{step}” should read like “Year 1: 150000”.")
            parsed.append({"period": period.strip(), "amount": str(value)})
        return parsed

    def to_data(self, previous: dict) -> dict:
        cleaned = self.cleaned_data
        start = cleaned["start_date"]
        return {
            **{key: previous[key] for key in ("lines", "note") if key in previous},
            "acv": str(cleaned["acv"]) if cleaned["acv"] is not None else None,
            "currency": cleaned["currency"] or previous.get("currency") or "USD",
            "term_months": cleaned["term_months"],
            "start_date": start.isoformat() if start else "",
            "ramp": cleaned["ramp"],
            "prepaid": {"yes": True, "no": False}.get(cleaned["prepaid"]),
            "prepay_terms": cleaned["prepay_terms"].strip(),
            "opt_outs": _lines(cleaned["opt_outs"]),
        }

    @staticmethod
    def describe(data: dict) -> str:
        return field_text.commercial_terms(data)


class CompetitiveForm(FieldForm):
    key = "competitive_context"
    evaluated = forms.CharField(
        required=False, label="Who they evaluated", widget=forms.Textarea(attrs={"rows": 2})
    )
    why_us = forms.CharField(
        required=False, label="Why they chose us", widget=forms.Textarea(attrs={"rows": 2})
    )
    reevaluate_if = forms.CharField(
        required=False,
        label="What would make them re-evaluate",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def to_data(self, previous: dict) -> dict:
        return {key: value.strip() for key, value in self.cleaned_data.items()}

    @staticmethod
    def describe(data: dict) -> str:
        return "\n".join(
            f"{label}: {data.get(key) or 'not recorded'}"
            for key, label in (
                ("evaluated", "Evaluated"),
                ("why_us", "Why us"),
                ("reevaluate_if", "Would re-evaluate if"),
            )
        )


class RelationshipsForm(FieldForm):
    key = "existing_relationships"
    prior_vendors = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line, or “none”.",
    )
    internal_champions = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Our people close to the account, or “none”.",
    )
    board_relationships = forms.CharField(
        required=False,
        label="Board exposure",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line, or “none”.",
    )

    def initial_from(self, data: dict) -> dict:
        return {key: _text_of(data.get(key)) for key in self.base_fields}

    def to_data(self, previous: dict) -> dict:
        return {key: _lines(value) for key, value in self.cleaned_data.items()}

    @staticmethod
    def describe(data: dict) -> str:
        return "\n".join(
            f"{label}: {_text_of(data.get(key)) or 'not stated'}."
            for key, label in (
                ("prior_vendors", "Prior vendors"),
                ("internal_champions", "Internal champions"),
                ("board_relationships", "Board exposure"),
            )
        )


class AttributesForm(FieldForm):
    """A field with no form of its own (one CS Ops added): one input per required attribute."""

    attributes: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for attribute in self.attributes:
            self.fields[attribute] = forms.CharField(
                required=False,
                max_length=2000,
                label=attribute.replace("_", " ").capitalize(),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def initial_from(self, data: dict) -> dict:
        return {name: str(data.get(name) or "") for name in self.attributes}

    def to_data(self, previous: dict) -> dict:
        return {name: (self.cleaned_data.get(name) or "").strip() for name in self.attributes}

    @classmethod
    def describe(cls, data: dict) -> str:
        return "\n".join(
            f"{name.replace('_', ' ').capitalize()}: {data.get(name) or 'not stated'}"
            for name in cls.attributes
        )


FORMS: dict[str, type[FieldForm]] = {
    form.key: form
    for form in (
        BuyerChampionForm,
        SuccessCriteriaForm,
        RiskAttestationForm,
        CommercialTermsForm,
        CompetitiveForm,
        StakeholderForm,
        RelationshipsForm,
    )
}


class SoftSignalForm(forms.Form):
    kind = forms.ChoiceField(choices=SignalKind.choices)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


# Built-in fields without a form follow from other answers (promises from reconciliation).
DERIVED_FIELD_KEYS = frozenset({"presale_promises"})


def form_for(key: str, definitions) -> type[FieldForm] | None:
    """The form people edit `key` with: its own, or one input per required attribute for a
    field CS Ops added; None for fields that are not edited directly or not defined."""
    if key in FORMS:
        return FORMS[key]
    definition = next((d for d in definitions if d.key == key), None)
    if definition is None or key in DERIVED_FIELD_KEYS:
        return None
    return type(
        "AttributesForm",
        (AttributesForm,),
        {"key": key, "attributes": tuple(definition.required_attributes)},
    )
