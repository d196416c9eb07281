"""The one-question-per-screen flow through the Django test client."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dualpath.web.selfcheck.models import SharedResult
from tests.web.selfcheck.walk import CALM, answer, current_step, start, walk

pytestmark = pytest.mark.django_db

CRISIS = 'class="crisis"'


def test_the_landing_page_says_private_not_a_diagnosis_and_shows_crisis_contacts(
    client: Client,
) -> None:
    page = client.get("/").content.decode()
    assert "not a diagnosis" in page
    assert "private" in page.lower()
    assert "minutes" in page
    assert "988" in page  # the default country's crisis line
    assert 'href="/help/"' in page


def test_a_calm_path_finishes_with_results_and_no_crisis_alert(client: Client) -> None:
    url, posts = walk(client, CALM)
    assert [step for step, _ in posts] == list(CALM)
    assert all(response.status_code == 302 for _, response in posts)
    results = client.get(url + "results/")
    assert results.status_code == 200
    text = results.content.decode()
    assert CRISIS not in text
    assert "PHQ-2" in text and "ASQ" in text and "TAPS" in text
    assert SharedResult.objects.count() == 0


def test_a_positive_phq2_opens_the_phq9(client: Client) -> None:
    url = start(client)
    answer(client, url, "phq2:1", "several_days")
    response = answer(client, url, "phq2:2", "several_days")
    assert current_step(client.get(response["Location"])) == "phq9:3"


def test_phq9_item_9_shows_crisis_help_in_the_same_response(client: Client) -> None:
    choices = {**CALM, "phq2:1": "several_days", "phq2:2": "several_days"}
    url = start(client)
    for step in ("phq2:1", "phq2:2"):
        answer(client, url, step, choices[step])
    for item in "345678":
        answer(client, url, f"phq9:{item}", "not_at_all")
    response = answer(client, url, "phq9:9", "several_days")
    assert response.status_code == 200  # rendered here, no redirect in between
    text = response.content.decode()
    assert CRISIS in text
    assert text.index(CRISIS) < text.index('name="step"')  # help comes before the next question
    assert "tel:988" in text
    assert current_step(response) == "phq9:10"


@pytest.mark.parametrize("value", ["yes", "declined"])
def test_an_asq_yes_or_declined_shows_crisis_help_in_the_same_response(
    client: Client, value: str
) -> None:
    url = start(client)
    answer(client, url, "phq2:1", "not_at_all")
    answer(client, url, "phq2:2", "not_at_all")
    response = answer(client, url, "asq:1", value)
    assert response.status_code == 200
    assert CRISIS in response.content.decode()


def test_an_acute_asq_answer_tells_the_person_to_call_emergency_services_now(
    client: Client,
) -> None:
    url = start(client)
    for step in ("phq2:1", "phq2:2"):
        answer(client, url, step, "not_at_all")
    answer(client, url, "asq:1", "yes")
    for item in "234":
        answer(client, url, f"asq:{item}", "no")
    response = answer(client, url, "asq:5", "yes")
    text = response.content.decode()
    assert CRISIS in text
    assert "call your emergency number now" in text
    assert "tel:911" in text


def test_crisis_help_stays_on_every_later_screen_and_the_results(client: Client) -> None:
    choices = {**CALM, "asq:1": "yes", "asq:5": "no"}
    url, posts = walk(client, choices)
    after = [response for step, response in posts if step not in ("phq2:1", "phq2:2")]
    assert all(CRISIS in r.content.decode() for r in after if r.status_code == 200)
    assert CRISIS in client.get(url + "results/").content.decode()


def test_it_refuses_a_missing_answer_with_a_clear_message_and_keeps_the_question(
    client: Client,
) -> None:
    url = start(client)
    response = client.post(url, {"step": "phq2:1"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Please choose one answer" in text
    assert 'aria-invalid="true"' in text
    assert current_step(response) == "phq2:1"


def test_it_refuses_an_answer_that_is_not_an_option(client: Client) -> None:
    url = start(client)
    response = client.post(url, {"step": "phq2:1", "answer": "sometimes"})
    assert response.status_code == 400
    assert current_step(response) == "phq2:1"


def test_back_shows_the_earlier_answer_and_changing_it_changes_the_path(client: Client) -> None:
    url = start(client)
    answer(client, url, "phq2:1", "not_at_all")
    answer(client, url, "phq2:2", "not_at_all")
    page = client.get(url).content.decode()
    assert "?q=phq2:2" in page  # the back link
    back = client.get(url + "?q=phq2:2")
    assert current_step(back) == "phq2:2"
    assert re.search(r'value="not_at_all"[^>]* checked', back.content.decode())
    changed = answer(client, url, "phq2:2", "more_than_half")
    assert current_step(client.get(changed["Location"])) == "phq9:3"


def test_changing_an_answer_forgets_follow_ups_that_no_longer_apply(client: Client) -> None:
    url = start(client)
    answer(client, url, "phq2:1", "several_days")
    answer(client, url, "phq2:2", "several_days")
    answer(client, url, "phq9:3", "nearly_every_day")
    answer(client, url, "phq2:2", "not_at_all")
    state = client.session["check"]
    assert "phq9" not in state["answers"]


def test_a_check_resumes_after_the_connection_drops(client: Client) -> None:
    url = start(client)
    answer(client, url, "phq2:1", "several_days")
    # A new page load (as after a dropped connection) continues at the first open question.
    assert current_step(client.get(url)) == "phq2:2"
    landing = client.get("/").content.decode()
    assert "Continue where you left off" in landing


def test_an_unknown_token_is_not_found(client: Client) -> None:
    start(client)
    assert client.get("/check/not-the-token/").status_code == 404


def test_results_before_the_end_go_back_to_the_open_question(client: Client) -> None:
    url = start(client)
    response = client.get(url + "results/")
    assert response.status_code == 302
    assert response["Location"] == url


def test_a_stale_step_shows_the_current_question_and_loses_nothing(client: Client) -> None:
    url = start(client)
    answer(client, url, "phq2:1", "several_days")
    response = client.post(url, {"step": "dast10:1", "answer": "yes"})
    assert current_step(response) == "phq2:2"
    assert client.session["check"]["answers"] == {"phq2": {"1": "several_days"}}


def test_optional_questions_can_be_skipped(client: Client) -> None:
    url = start(client)
    answer(client, url, "phq2:1", "several_days")
    answer(client, url, "phq2:2", "several_days")
    for item in "345678":
        answer(client, url, f"phq9:{item}", "not_at_all")
    answer(client, url, "phq9:9", "not_at_all")
    page = client.get(url)
    assert current_step(page) == "phq9:10"
    assert "Skip this question" in page.content.decode()
    response = client.post(url, {"step": "phq9:10", "answer": ""})
    assert current_step(client.get(response["Location"])) == "asq:1"


def test_the_sex_question_changes_the_taps_alcohol_wording(client: Client) -> None:
    choices = {**CALM, "about:sex": "male"}
    url = start(client)
    for step in list(choices)[:7]:
        answer(client, url, step, choices[step])
    answer(client, url, "taps:t1_tobacco", "never")
    page = client.get(url).content.decode()
    assert "5 or more drinks" in page


def test_withdrawal_questions_say_they_are_dualpaths_own(client: Client) -> None:
    choices = {**CALM, "taps:t1_alcohol": "monthly", "taps:alcohol_1": "yes"}
    choices.update({f"taps:alcohol_{i}": "no" for i in (2, 3, 4)})
    url = start(client)
    for step in list(choices):
        if step.startswith("taps:alcohol_") or step in CALM:
            answer(client, url, step, choices[step])
    from dualpath.engine import get_instrument

    auditc = get_instrument("auditc")
    for item in auditc.items:
        answer(client, url, f"auditc:{item.id}", auditc.options_for(item)[1].id)
    page = client.get(url)
    assert current_step(page) == "withdrawal:alcohol_sick"
    text = page.content.decode()
    assert "not from a published questionnaire" in text
    assert "drinking alcohol" in text
