"""A finished self-check becomes an engine case, assessed with the engine's own rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from dualpath.engine import assess
from dualpath.web.selfcheck.case import build_case
from tests.web.selfcheck.walk import CALM, walk

TODAY = dt.date(2026, 11, 21)
USER = {
    "phq2": {"1": "more_than_half", "2": "more_than_half"},
    "phq9": {"3": "more_than_half", "9": "not_at_all", "10": "skipped"},
    "asq": {"1": "no", "2": "no", "3": "no", "4": "no"},
    "about": {"sex": "not_stated"},
    "taps": {
        "t1_tobacco": "daily",
        "t1_alcohol": "weekly",
        "t1_drugs": "monthly",
        "t1_rx": "never",
        "alcohol_1": "yes",
        "marijuana_1": "yes",
        "stimulants_1": "no",
        "heroin_1": "yes",
    },
}


def test_it_carries_the_answers_sex_and_country_into_the_case() -> None:
    case = build_case(USER, country="IN", today=TODAY)
    assert case.as_of == TODAY
    assert case.sex == "unknown"
    assert case.country == "IN"
    by_id = {result.instrument: result for result in case.instruments}
    assert set(by_id) == {"phq9", "asq", "taps"}
    phq9_answers = by_id["phq9"].answers or {}
    assert phq9_answers["1"] == "more_than_half"  # the PHQ-2 answers are PHQ-9 items 1 and 2
    assert "10" not in phq9_answers  # a skipped question is left out, not invented


def test_it_lists_the_substances_taps_reports_with_their_frequency() -> None:
    case = build_case(USER, country=None, today=TODAY)
    found = {use.substance: use.frequency for use in case.substances}
    assert found == {
        "tobacco": "daily",
        "alcohol": "weekly",
        "cannabis": "monthly",
        "opioids": "monthly",
    }


def test_another_country_leaves_the_country_unknown() -> None:
    assert build_case(USER, country="other", today=TODAY).country is None


def test_the_engine_accepts_the_case() -> None:
    assessment = assess(build_case(USER, country="US", today=TODAY))
    assert assessment.level_of_care.final_label


@pytest.mark.django_db
def test_the_results_page_shows_the_engine_recommendation_and_its_basis(client: Client) -> None:
    url, _ = walk(client, CALM)
    text = client.get(url + "results/").content.decode()
    expected = assess(build_case(client.session["check"]["answers"], country="US", today=TODAY))
    assert "Kind of care that may fit" in text
    assert expected.level_of_care.final_label in text
    assert "How this was worked out:" in text


def test_withdrawal_answers_become_dependence_and_complications_and_not_sure_stays_unknown() -> (
    None
):
    answers = {
        **USER,
        "withdrawal": {
            "alcohol_sick": "yes",
            "alcohol_seizure": "yes",
            "alcohol_delirium": "not_sure",
            "opioids_sick": "not_sure",
        },
    }
    by_substance = {
        use.substance: use for use in build_case(answers, country=None, today=TODAY).substances
    }
    alcohol = by_substance["alcohol"]
    assert (alcohol.dependence, alcohol.withdrawal_seizures) == (True, True)
    assert alcohol.withdrawal_delirium is False  # the case's default: not reported
    assert by_substance["opioids"].dependence is None


def test_a_negative_phq2_goes_into_the_case_as_a_phq2_not_a_partial_phq9() -> None:
    answers = {**USER, "phq2": {"1": "not_at_all", "2": "several_days"}}
    del answers["phq9"]
    ids = [
        result.instrument for result in build_case(answers, country=None, today=TODAY).instruments
    ]
    assert "phq2" in ids and "phq9" not in ids
