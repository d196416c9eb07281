"""Results, PDF summary and saving with consent (and only with consent)."""

from __future__ import annotations

import pytest
from django.test import Client

from dualpath.web.selfcheck.models import CODE_ALPHABET, SharedResult
from tests.web.selfcheck.walk import CALM, walk

pytestmark = pytest.mark.django_db

DEPRESSED = {
    **CALM,
    "phq2:1": "more_than_half",
    "phq2:2": "more_than_half",
    **{f"phq9:{i}": "more_than_half" for i in range(3, 9)},
    "phq9:9": "not_at_all",
    "phq9:10": "very_difficult",
    "taps:t1_alcohol": "weekly",
    "taps:alcohol_1": "yes",
    "taps:alcohol_2": "yes",
    "taps:alcohol_3": "no",
    "taps:alcohol_4": "yes",
    "withdrawal:alcohol_sick": "no",
    "withdrawal:alcohol_seizure": "no",
    "withdrawal:alcohol_delirium": "no",
}


def _finish(client: Client, choices: dict[str, str]) -> str:
    url, _ = walk(client, choices, default=None)
    return url


def _auditc_choices() -> dict[str, str]:
    from dualpath.engine import get_instrument

    auditc = get_instrument("auditc")
    chosen = {}
    for item in auditc.items:
        chosen[f"auditc:{item.id}"] = auditc.options_for(item)[2].id
    return chosen


def test_results_explain_each_score_in_plain_words(client: Client) -> None:
    url = _finish(client, {**DEPRESSED, **_auditc_choices()})
    text = client.get(url + "results/").content.decode()
    assert "Patient Health Questionnaire-9" in text
    assert "Score: 16" in text  # items 1-8 at "more than half the days" (2), item 9 at 0
    assert "Moderately severe" in text
    assert "Symptoms that usually need treatment." in text  # band meaning from the definition
    assert "AUDIT-C" in text
    assert 'Alcohol: <span class="band">Higher risk</span>' in text  # TAPS-2: 3 of 4 yes
    assert "Coming down or withdrawal" in text
    assert "What treatment can look like" in text
    assert "1-800-662" in text  # SAMHSA helpline from the crisis data
    assert "not a diagnosis" in text


def test_nothing_is_stored_without_consent(client: Client) -> None:
    url = _finish(client, CALM)
    key = client.session["check"]["share_key"]
    response = client.post(url + "save/", {"key": key})
    assert response.status_code == 400
    assert "Nothing has been saved" in response.content.decode()
    assert SharedResult.objects.count() == 0


def test_saving_with_consent_stores_one_record_and_shows_a_short_code(client: Client) -> None:
    url = _finish(client, CALM)
    key = client.session["check"]["share_key"]
    response = client.post(url + "save/", {"key": key, "consent": "yes"})
    assert response.status_code == 302
    saved = client.get(response["Location"]).content.decode()
    record = SharedResult.objects.get()
    assert len(record.code) == 8 and set(record.code) <= set(CODE_ALPHABET)
    assert record.display_code in saved
    assert record.answers["asq"] == {"1": "no", "2": "no", "3": "no", "4": "no"}
    assert record.expires_at > record.created_at


def test_a_double_submit_creates_one_record(client: Client) -> None:
    url = _finish(client, CALM)
    key = client.session["check"]["share_key"]
    first = client.post(url + "save/", {"key": key, "consent": "yes"})
    second = client.post(url + "save/", {"key": key, "consent": "yes"})
    assert first.status_code == second.status_code == 302
    assert SharedResult.objects.count() == 1


def test_a_save_with_a_wrong_key_stores_nothing(client: Client) -> None:
    url = _finish(client, CALM)
    response = client.post(url + "save/", {"key": "forged", "consent": "yes"})
    assert response.status_code == 400
    assert SharedResult.objects.count() == 0


def test_the_pdf_summary_is_made_on_request_and_stores_nothing(client: Client) -> None:
    url = _finish(client, CALM)
    response = client.get(url + "summary.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert SharedResult.objects.count() == 0


def test_answering_writes_nothing_to_the_database(client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        url = _finish(client, CALM)
        client.get(url + "results/")
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert writes == []


def test_a_negative_phq2_shows_the_phq2_result_and_no_phq9(client: Client) -> None:
    url = _finish(client, CALM)
    text = client.get(url + "results/").content.decode()
    assert "Patient Health Questionnaire-2" in text
    assert "Patient Health Questionnaire-9" not in text


def test_saving_is_recorded_in_the_audit_trail_once_and_without_the_code(client: Client) -> None:
    from dualpath.web.audit.models import AuditEvent

    url = _finish(client, CALM)
    key = client.session["check"]["share_key"]
    client.post(url + "save/", {"key": key, "consent": "yes"}, REMOTE_ADDR="198.51.100.4")
    client.post(url + "save/", {"key": key, "consent": "yes"}, REMOTE_ADDR="198.51.100.4")
    record = SharedResult.objects.get()
    event = AuditEvent.objects.get()  # the double submit changed nothing: one event
    assert (event.action, event.record_type, event.record_id) == (
        "create",
        "SharedResult",
        str(record.pk),
    )
    assert event.actor == "self-check visitor" and "consent" in event.detail
    assert len(event.client) == 32
    assert record.code not in str(event.__dict__) and "198.51.100.4" not in str(event.__dict__)
