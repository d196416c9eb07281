"""The adaptive order of the check, tested as pure functions of the answers."""

from __future__ import annotations

from dualpath.engine import get_instrument
from dualpath.web.selfcheck.flow import PHQ9_AFTER_PHQ2, Step, plan, risk

NO_RISK_ASQ = {"1": "no", "2": "no", "3": "no", "4": "no"}
NEVER_TAPS = {"t1_tobacco": "never", "t1_alcohol": "never", "t1_drugs": "never", "t1_rx": "never"}


def _keys(answers: dict[str, dict[str, str]]) -> list[str]:
    return [step.key for step in plan(answers).steps]


def test_it_starts_with_the_phq2() -> None:
    assert plan({}).next == Step("phq2", "1")


def test_it_asks_the_rest_of_the_phq9_at_a_phq2_total_of_2() -> None:
    assert PHQ9_AFTER_PHQ2 == 2
    answers = {"phq2": {"1": "several_days", "2": "several_days"}}
    assert plan(answers).next == Step("phq9", "3")
    keys = _keys(answers)
    assert "phq9:9" in keys
    assert "phq9:1" not in keys and "phq9:2" not in keys  # already asked as the PHQ-2


def test_it_skips_the_phq9_below_a_phq2_total_of_2() -> None:
    answers = {"phq2": {"1": "several_days", "2": "not_at_all"}}
    assert plan(answers).next == Step("asq", "1")
    assert not any(key.startswith("phq9:") for key in _keys(answers))


def test_it_asks_the_asq_of_everyone_even_with_no_low_mood() -> None:
    answers = {"phq2": {"1": "not_at_all", "2": "not_at_all"}}
    asq_items = [item.id for item in get_instrument("asq").items]
    keys = _keys(answers)
    for item_id in asq_items[:4]:
        assert f"asq:{item_id}" in keys


def test_it_asks_the_acuity_question_only_after_a_yes_or_a_declined_answer() -> None:
    base = {"phq2": {"1": "not_at_all", "2": "not_at_all"}}
    negative = {**base, "asq": dict(NO_RISK_ASQ)}
    assert plan(negative).next == Step("about", "sex")
    declined = {**base, "asq": {**NO_RISK_ASQ, "3": "declined"}}
    assert plan(declined).next == Step("asq", "5")


def test_it_opens_only_the_taps2_blocks_and_follow_ups_that_apply() -> None:
    answers = {
        "phq2": {"1": "not_at_all", "2": "not_at_all"},
        "asq": dict(NO_RISK_ASQ),
        "about": {"sex": "female"},
        "taps": {**NEVER_TAPS, "t1_alcohol": "weekly"},
    }
    keys = _keys(answers)
    assert "taps:alcohol_1" in keys
    assert "taps:tobacco_1" not in keys and "taps:marijuana_1" not in keys
    assert "auditc:1" in keys
    assert not any(key.startswith("dast10:") for key in keys)


def test_it_asks_the_dast10_when_drugs_or_prescription_misuse_are_reported() -> None:
    answers = {
        "phq2": {"1": "not_at_all", "2": "not_at_all"},
        "asq": dict(NO_RISK_ASQ),
        "about": {"sex": "male"},
        "taps": {**NEVER_TAPS, "t1_rx": "monthly"},
    }
    keys = _keys(answers)
    assert "dast10:1" in keys and "auditc:1" not in keys


def test_it_is_done_after_a_no_risk_no_use_path() -> None:
    answers = {
        "phq2": {"1": "not_at_all", "2": "not_at_all"},
        "asq": dict(NO_RISK_ASQ),
        "about": {"sex": "not_stated"},
        "taps": dict(NEVER_TAPS),
    }
    done = plan(answers)
    assert done.done
    assert done.answered == len(done.steps) == 2 + 4 + 1 + 4


def test_it_reports_no_risk_for_negative_answers() -> None:
    answers = {"phq2": {"1": "not_at_all", "2": "not_at_all"}, "asq": dict(NO_RISK_ASQ)}
    assert risk(answers).level == "none"


def test_it_reports_possible_risk_for_phq9_item_9_above_not_at_all() -> None:
    answers = {"phq2": {"1": "several_days", "2": "several_days"}, "phq9": {"9": "several_days"}}
    signal = risk(answers)
    assert signal.level == "possible"
    assert "phq9:suicide_risk" in signal.reasons


def test_it_reports_possible_risk_for_a_declined_asq_question() -> None:
    assert risk({"asq": {"1": "declined"}}).level == "possible"


def test_it_reports_acute_risk_for_thoughts_of_killing_oneself_right_now() -> None:
    signal = risk({"asq": {**NO_RISK_ASQ, "1": "yes", "5": "yes"}})
    assert signal.acute


def test_it_finds_the_previous_step_for_the_back_link() -> None:
    answers = {"phq2": {"1": "several_days"}}
    current = plan(answers)
    assert current.previous(Step("phq2", "2")) == Step("phq2", "1")
    assert current.previous(Step("phq2", "1")) is None


def _after_taps(taps: dict[str, str]) -> dict[str, dict[str, str]]:
    return {
        "phq2": {"1": "not_at_all", "2": "not_at_all"},
        "asq": dict(NO_RISK_ASQ),
        "about": {"sex": "male"},
        "taps": {**NEVER_TAPS, **taps},
    }


def test_it_asks_about_withdrawal_seizures_and_delirium_when_alcohol_is_reported() -> None:
    keys = _keys(_after_taps({"t1_alcohol": "daily"}))
    assert [k for k in keys if k.startswith("withdrawal:")] == [
        "withdrawal:alcohol_sick",
        "withdrawal:alcohol_seizure",
        "withdrawal:alcohol_delirium",
    ]


def test_it_asks_only_about_feeling_sick_for_opioids() -> None:
    answers = _after_taps(
        {"t1_drugs": "weekly", "marijuana_1": "no", "stimulants_1": "no", "heroin_1": "yes"}
    )
    keys = _keys(answers)
    assert [k for k in keys if k.startswith("withdrawal:")] == ["withdrawal:opioids_sick"]


def test_it_asks_no_withdrawal_questions_without_use() -> None:
    assert not any(k.startswith("withdrawal:") for k in _keys(_after_taps({})))
