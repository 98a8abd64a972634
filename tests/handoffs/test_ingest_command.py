"""`ingest_event`: the same path as the API, from files, for backfills."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args: str) -> str:
    out = StringIO()
    call_command("ingest_event", *args, stdout=out)
    return out.getvalue()


def test_it_drafts_the_examples_in_process_and_prints_packets_as_json(sales_team):
    files = sorted(str(path) for path in EXAMPLES.glob("*.json"))

    packets = json.loads(run(*files, "--sync", "--json"))

    by_deal = {(p["opportunity_external_id"], p["business_unit"]): p for p in packets}
    assert len(packets) == 4
    assert by_deal[("006AX00000Q1ZzY", "analytics")]["completeness"]["passed"] is True
    assert by_deal[("006AX00000Q1ZzY", "integrations")]["status"] == "ready_for_cs"
    brightpath = by_deal[("hs-deal-5512093", "analytics")]
    assert brightpath["status"] == "needs_ae"
    assert brightpath["ae"] == "devon.price@seller.example"
    assert any(key.startswith("plg:") for key, _ in by_deal)


def test_without_sync_it_only_queues_the_work(sales_team):
    out = run(str(EXAMPLES / "brightpath-closed-won.json"))

    assert "event hs-evt-7781203 -> handoff" in out


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        run("/nowhere/event.json")


def test_a_broken_event_names_the_field(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"event_id": "x", "event_type": "opportunity.closed_won"}))

    with pytest.raises(CommandError, match="account"):
        run(str(broken))


def test_invalid_json_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")

    with pytest.raises(CommandError, match="not valid JSON"):
        run(str(broken))
