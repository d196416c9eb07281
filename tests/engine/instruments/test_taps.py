"""TAPS parts 1 and 2 (NIDA; CLINICAL.md §2.7): skip logic and per-substance risk levels."""

from __future__ import annotations

import pytest

from dualpath.engine import AnswersError, get_instrument, score

NONE_IN_TAPS1 = {
    "t1_tobacco": "never",
    "t1_alcohol": "never",
    "t1_drugs": "never",
    "t1_rx": "never",
}
SUBSTANCES = (
    "tobacco",
    "alcohol",
    "marijuana",
    "stimulants",
    "heroin",
    "rx_opioids",
    "sedatives",
    "rx_stimulants",
)


def test_never_to_every_taps1_item_skips_taps2_and_scores_no_use() -> None:
    result = score("taps", NONE_IN_TAPS1)
    assert result.total is None and result.missing == ()
    for substance in SUBSTANCES:
        sub = result.subscales[substance]
        assert sub.total == 0
        assert sub.band is not None and sub.band.id == "no_use"
    assert result.flags == ()


def _block(*names: str) -> list[str]:
    """Item ids of whole blocks: while "any use" is unanswered its follow-ups stay open too."""
    sizes = {"alcohol": 4}
    return [f"{name}_{n}" for name in names for n in range(1, sizes.get(name, 3) + 1)]


def test_a_taps1_answer_other_than_never_opens_that_block() -> None:
    with pytest.raises(AnswersError) as caught:
        score("taps", NONE_IN_TAPS1 | {"t1_tobacco": "Less than monthly"})
    assert [p.item for p in caught.value.problems] == _block("tobacco")


def test_yes_to_any_use_requires_the_follow_up_questions() -> None:
    answers = NONE_IN_TAPS1 | {"t1_tobacco": "weekly", "tobacco_1": "yes"}
    with pytest.raises(AnswersError) as caught:
        score("taps", answers)
    assert [p.item for p in caught.value.problems] == ["tobacco_2", "tobacco_3"]


def test_illegal_drug_use_opens_marijuana_stimulant_and_heroin_blocks() -> None:
    with pytest.raises(AnswersError) as caught:
        score("taps", NONE_IN_TAPS1 | {"t1_drugs": "weekly"})
    assert [p.item for p in caught.value.problems] == _block("marijuana", "stimulants", "heroin")


def test_prescription_misuse_opens_opioid_sedative_and_adhd_blocks() -> None:
    with pytest.raises(AnswersError) as caught:
        score("taps", NONE_IN_TAPS1 | {"t1_rx": "monthly"})
    assert [p.item for p in caught.value.problems] == _block(
        "rx_opioids", "sedatives", "rx_stimulants"
    )


def test_no_to_the_any_use_item_skips_the_rest_of_the_block() -> None:
    result = score("taps", NONE_IN_TAPS1 | {"t1_alcohol": "monthly", "alcohol_1": "no"})
    assert result.missing == ()
    assert result.subscales["alcohol"].total == 0


@pytest.mark.parametrize(
    ("yes", "band"),
    [
        ((), "no_use"),
        (("alcohol_1",), "problem_use"),
        (("alcohol_1", "alcohol_2"), "higher_risk"),
        (("alcohol_1", "alcohol_2", "alcohol_3", "alcohol_4"), "higher_risk"),
    ],
)
def test_the_alcohol_score_counts_yes_answers_and_sets_its_level(
    yes: tuple[str, ...], band: str
) -> None:
    block = {f"alcohol_{n}": "no" for n in range(1, 5)} | {item: "yes" for item in yes}
    if "alcohol_1" not in yes:
        block = {"alcohol_1": "no"}
    result = score("taps", NONE_IN_TAPS1 | {"t1_alcohol": "weekly"} | block)
    sub = result.subscales["alcohol"]
    assert sub.total == len(yes)
    assert sub.band is not None and sub.band.id == band


@pytest.mark.parametrize(
    ("yes_count", "problem", "higher"),
    [(0, False, False), (1, True, False), (2, False, True), (3, False, True)],
)
def test_flags_report_problem_use_and_higher_risk(
    yes_count: int, problem: bool, higher: bool
) -> None:
    block = {f"heroin_{n}": ("yes" if n <= yes_count else "no") for n in range(1, 4)}
    if yes_count == 0:
        block = {"heroin_1": "no"}
    others = {"marijuana_1": "no", "stimulants_1": "no"}
    result = score("taps", NONE_IN_TAPS1 | {"t1_drugs": "daily"} | others | block)
    assert result.subscales["heroin"].total == yes_count
    assert (result.flag("problem_use") is not None) is problem
    assert (result.flag("higher_risk") is not None) is higher


def test_alcohol_wording_and_loinc_code_vary_by_sex_with_unknown_asked_the_lower_threshold() -> (
    None
):
    inst = get_instrument("taps")
    t1 = inst.item("t1_alcohol")
    assert "5 or more" in t1.text_variants["male"]
    assert "4 or more" in t1.text_variants["female"]
    assert t1.text_variants["unknown"] == t1.text_variants["female"]
    assert t1.loinc_variants == {"male": "88037-7", "female": "75889-6", "unknown": "75889-6"}
    assert t1.text == t1.text_variants["unknown"] and t1.loinc == t1.loinc_variants["unknown"]
    t2 = inst.item("alcohol_2")
    assert "5 or more" in t2.text_variants["male"] and "4 or more" in t2.text_variants["female"]


def test_an_unanswered_taps1_item_leaves_its_blocks_open() -> None:
    answers = dict(NONE_IN_TAPS1)
    del answers["t1_rx"]
    result = score("taps", answers, partial=True)
    assert result.missing == ("t1_rx", *_block("rx_opioids", "sedatives", "rx_stimulants"))
    assert result.subscales["rx_opioids"].total is None
    assert result.subscales["alcohol"].total == 0


def test_a_higher_risk_flag_survives_missing_answers_elsewhere() -> None:
    answers = {"t1_tobacco": "daily", "tobacco_1": "yes", "tobacco_2": "yes", "tobacco_3": "no"}
    with pytest.raises(AnswersError) as caught:
        score("taps", answers)
    partial = caught.value.partial
    assert partial is not None and partial.flag("higher_risk") is not None
    missing = {p.item for p in caught.value.problems}
    assert {"t1_alcohol", "t1_drugs", "t1_rx"} <= missing
    assert not any(item.startswith("tobacco") for item in missing)


@pytest.mark.parametrize("item", ["t1_tobacco", "t1_alcohol", "t1_drugs", "t1_rx"])
def test_any_taps1_answer_other_than_never_is_a_positive_screen(item: str) -> None:
    with pytest.raises(AnswersError) as caught:
        score("taps", NONE_IN_TAPS1 | {item: "Less than monthly"})
    partial = caught.value.partial
    assert partial is not None and partial.flag("screen_positive") is not None


def test_never_to_every_taps1_item_is_not_a_positive_screen() -> None:
    assert score("taps", NONE_IN_TAPS1).flag("screen_positive") is None
