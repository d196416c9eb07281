"""Depression in context (DSM-5 criterion C via CLINICAL.md §3): suggests, never diagnoses."""

from __future__ import annotations

import datetime as dt

import pytest

from dualpath.engine import assess
from tests.engine.helpers_cases import AS_OF, ago, case, phq9

MODERATE = phq9(2, 2, 1, 2, 1, 2, 1, 1, 0)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "likely_substance_induced"),
        (27, "likely_substance_induced"),
        (28, "likely_independent"),
        (60, "likely_independent"),
    ],
)
def test_four_weeks_after_last_use_is_the_turning_point(days: int, expected: str) -> None:
    a = assess(
        case(substances=[{"substance": "alcohol", "last_use": ago(days)}], instruments=[MODERATE])
    )
    assert a.depression.classification == expected


def test_the_reassessment_date_is_four_weeks_after_the_last_use() -> None:
    a = assess(
        case(substances=[{"substance": "opioids", "last_use": ago(10)}], instruments=[MODERATE])
    )
    assert a.depression.reassess_on == AS_OF + dt.timedelta(days=18)


def test_tobacco_alone_does_not_make_depression_look_substance_induced() -> None:
    a = assess(
        case(
            substances=[{"substance": "tobacco", "frequency": "daily", "last_use": ago(0)}],
            instruments=[MODERATE],
        )
    )
    assert a.depression.classification == "undetermined"


def test_onset_before_first_use_outweighs_recent_use() -> None:
    a = assess(
        case(
            substances=[{"substance": "alcohol", "last_use": ago(1)}],
            psychiatric={"depression_before_first_use": True},
            instruments=[MODERATE],
        )
    )
    assert a.depression.classification == "likely_independent"
    assert a.depression.reassess_on is None


@pytest.mark.parametrize(("shaps", "present"), [(2, False), (3, True)])
def test_anhedonia_follows_the_shaps_cut_off(shaps: int, present: bool) -> None:
    a = assess(
        case(instruments=[{"instrument": "shaps", "total": shaps}, phq9(0, 0, 0, 0, 0, 0, 0, 0, 0)])
    )
    assert a.depression.anhedonia is not None
    assert a.depression.anhedonia.present is present


def test_anhedonia_is_called_out_from_phq9_item_1() -> None:
    a = assess(case(instruments=[phq9(3, 0, 0, 0, 0, 0, 0, 0, 0)]))
    assert a.depression.anhedonia is not None
    assert a.depression.anhedonia.present
    assert a.depression.anhedonia.basis.rule == "anhedonia.phq9_item1"


def test_it_suggests_and_never_claims_a_diagnosis() -> None:
    a = assess(
        case(substances=[{"substance": "alcohol", "last_use": ago(40)}], instruments=[MODERATE])
    )
    text = f"{a.depression.label} {a.depression.for_person} {a.depression.for_clinician}"
    assert "suggests" in text.lower()
    assert "diagnos" not in text.lower()


def test_the_severity_band_comes_from_the_phq9_definition() -> None:
    a = assess(case(instruments=[phq9(3, 3, 3, 3, 3, 3, 2, 0, 0)]))
    assert (a.depression.phq9_total, a.depression.severity) == (20.0, "severe")
