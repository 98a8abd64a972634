"""Account outcomes in, by API and CSV: idempotent on the sender's id, refused with reasons."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from handoffs.models import AccountOutcome
from tests.factories import AccountFactory, AccountOutcomeFactory, ApiTokenFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/outcomes/"
PAGE = reverse("metrics:outcomes")
TOKEN = "hbk_outcomes-token"


@pytest.fixture
def northwind():
    return AccountFactory(external_id="acct-northwind", name="Northwind")


def outcome(**changes) -> dict:
    return {
        "account_external_id": "acct-northwind",
        "external_id": "crm-churn-1",
        "kind": "churned",
        "occurred_on": "2026-06-30",
        "arr_before": "48000.00",
        "arr_after": "0",
        "currency": "USD",
        **changes,
    }


def test_an_integration_records_an_outcome_once(client, northwind):
    ApiTokenFactory(raw=TOKEN)
    headers = {"Authorization": f"Bearer {TOKEN}"}

    first = client.post(API, outcome(), content_type="application/json", headers=headers)
    again = client.post(API, outcome(), content_type="application/json", headers=headers)

    assert (first.status_code, first.json()["duplicate"]) == (201, False)
    assert (again.status_code, again.json()) == (200, {"id": first.json()["id"], "duplicate": True})
    recorded = AccountOutcome.objects.get()
    assert (recorded.account, recorded.kind, recorded.occurred_on, recorded.source) == (
        northwind,
        "churned",
        dt.date(2026, 6, 30),
        "api",
    )


@pytest.mark.parametrize(("role", "status"), [("revops_admin", 201), ("cs_ops", 201)])
def test_revops_and_cs_ops_may_record_outcomes_from_their_session(
    role, status, request, client_for, northwind
):
    response = client_for(request.getfixturevalue(role)).post(
        API, outcome(), content_type="application/json"
    )

    assert response.status_code == status


@pytest.mark.parametrize("role", ["ae", "csm"])
def test_aes_and_csms_may_not_record_outcomes(role, request, client_for, northwind):
    response = client_for(request.getfixturevalue(role)).post(
        API, outcome(), content_type="application/json"
    )

    assert response.status_code == 403
    assert not AccountOutcome.objects.exists()


def test_an_unknown_token_is_refused(client, northwind):
    response = client.post(
        API, outcome(), content_type="application/json", headers={"Authorization": "Bearer hbk_no"}
    )

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"account_external_id": "acct-nobody"}, "account_external_id", "No account has that"),
        ({"arr_after": "100"}, "arr_after", "A churned account has no ARR after: send 0."),
        (
            {"kind": "expanded", "arr_after": "40000"},
            "arr_after",
            "An expansion ends with more ARR than it started with.",
        ),
        ({"arr_before": "-5"}, "arr_before", "ARR cannot be negative."),
        ({"currency": "usd"}, "currency", "three-letter ISO code"),
        ({"occurred_on": "1999-12-31"}, "occurred_on", "occurred_on lies between 2000-01-01"),
    ],
)
def test_an_outcome_that_breaks_a_rule_is_a_400_naming_the_field(
    changes, field, message, client_for, revops_admin, northwind
):
    response = client_for(revops_admin).post(
        API, outcome(**changes), content_type="application/json"
    )

    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][field])
    assert not AccountOutcome.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "lost"}, "kind"),
        ({"occurred_on": "June"}, "occurred_on"),
        ({"arr_before": "x"}, "arr_before"),
    ],
)
def test_a_malformed_outcome_is_a_400(changes, field, client_for, revops_admin, northwind):
    response = client_for(revops_admin).post(
        API, outcome(**changes), content_type="application/json"
    )

    assert response.status_code == 400
    assert field in response.json()


def upload(text: str | bytes, name: str = "outcomes.csv") -> dict:
    data = text.encode() if isinstance(text, str) else text
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv")}


HEADER = "account_external_id,external_id,kind,occurred_on,arr_before,arr_after,currency\n"


def test_a_csv_loads_its_good_rows_and_reports_the_bad_ones_by_line(
    client_for, revops_admin, northwind
):
    text = (
        HEADER
        + "acct-northwind,o-1,renewed,2026-05-01,50000,52000,USD\n"
        + "acct-northwind,o-2,churned,2026-07-01,52000,10,USD\n"
        + "acct-northwind,o-3,expanded,someday,52000,60000,USD\n"
    )
    client = client_for(revops_admin)

    response = client.post(PAGE, upload(text))
    again = client.post(PAGE, upload(text))

    assert response.status_code == 200
    assert "1 outcome added, 0 already known, 2 rows refused." in response.text
    assert "Line 3: A churned account has no ARR after: send 0." in response.text
    assert "Line 4: occurred_on is a date such as 2027-03-31." in response.text
    assert "0 outcomes added, 1 already known" in again.text
    assert AccountOutcome.objects.get().source == "csv"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "Choose a CSV file to import."),
        (upload("account,kind\nx,churned\n"), "The CSV needs the columns account_external_id"),
        (upload(b"\xff\xfe\x00bad"), "The file is not UTF-8 text"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_400(files, message, client_for, revops_admin):
    response = client_for(revops_admin).post(PAGE, files)

    assert response.status_code == 400
    assert message in response.text


@pytest.mark.parametrize(
    ("role", "status"), [("revops_admin", 200), ("cs_ops", 200), ("ae", 403), ("csm", 403)]
)
def test_the_outcomes_page_is_for_revops_admins_and_cs_ops(role, status, request, client_for):
    AccountOutcomeFactory(account=AccountFactory(name="Lumen"), occurred_on=timezone.localdate())

    response = client_for(request.getfixturevalue(role)).get(PAGE)

    assert response.status_code == status
    if status == 200:
        assert "Lumen" in response.text
