"""Safety: crisis help on every path; risk signals always escalate; every output has a source."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualpath.engine import Assessment, assess
from dualpath.engine.errors import DefinitionError
from dualpath.engine.rules.logic import FactTest, evaluate
from dualpath.engine.safety import SEVERITY_ORDER
from tests.engine.helpers_cases import AS_OF, case, phq9

KINDS = [
    "alcohol",
    "opioids",
    "stimulants_cocaine",
    "stimulants_other",
    "cannabis",
    "sedatives",
    "tobacco",
    "other",
]
FREQS = ["none", "less_than_monthly", "monthly", "weekly", "several_per_week", "daily"]

substance = st.fixed_dictionaries(
    {"substance": st.sampled_from(KINDS)},
    optional={
        "frequency": st.sampled_from(FREQS),
        "routes": st.lists(st.sampled_from(["oral", "smoked", "injected"]), max_size=2),
        "last_use": st.integers(0, 800).map(lambda d: (AS_OF - dt.timedelta(days=d)).isoformat()),
        "dependence": st.booleans(),
        "withdrawal_seizures": st.booleans(),
        "prior_treatment": st.booleans(),
    },
)
yes_no = st.integers(0, 1)
cases = st.fixed_dictionaries(
    {"as_of": st.just(AS_OF.isoformat())},
    optional={
        "age": st.integers(10, 95),
        "sex": st.sampled_from(["male", "female", "other", "unknown"]),
        "country": st.sampled_from(["US", "in", "GB", "IE", "CA", "AU", "uk", "FR", "ZZ", ""]),
        "pregnant": st.booleans(),
        "substances": st.lists(substance, max_size=4),
        "instruments": st.lists(
            st.one_of(
                st.lists(st.integers(0, 3), min_size=9, max_size=9).map(lambda v: phq9(*v)),
                st.fixed_dictionaries(
                    {
                        "instrument": st.just("asq"),
                        "items": st.fixed_dictionaries({str(i): yes_no for i in range(1, 6)}),
                    }
                ),
                st.fixed_dictionaries(
                    {
                        "instrument": st.sampled_from(["ciwaar", "cows", "shaps", "audit"]),
                        "total": st.integers(0, 40),
                    }
                ),
            ),
            max_size=3,
            unique_by=lambda r: r["instrument"],
        ),
        "cssrs_risk": st.sampled_from(["none", "low", "moderate", "high"]),
        "feels_safe_now": st.booleans(),
        "psychiatric": st.fixed_dictionaries(
            {}, optional={"self_harm_recent": st.booleans(), "suicide_attempt_ever": st.booleans()}
        ),
        "recent_release": st.fixed_dictionaries(
            {
                "setting": st.sampled_from(["prison", "hospital", "detox"]),
                "date": st.integers(0, 90).map(
                    lambda d: (AS_OF - dt.timedelta(days=d)).isoformat()
                ),
            }
        ),
        "readiness": st.sampled_from(["precontemplation", "contemplation", "action"]),
    },
)
SUICIDE_ACTIONS = {"call_emergency_now", "suicide_safety_assessment", "mental_health_referral"}


def _risk_signal(data: dict[str, Any]) -> bool:
    items = {r["instrument"]: r for r in data.get("instruments", [])}
    phq = items.get("phq9")
    asq = items.get("asq")
    return bool(
        (phq and phq["answers"]["9"] > 0)
        or (asq and "items" in asq and any(v > 0 for v in asq["items"].values()))
        or (asq and "answers" in asq and set(asq["answers"].values()) - {"no"})
        or data.get("cssrs_risk") in ("low", "moderate", "high")
        or data.get("feels_safe_now") is False
        or data.get("psychiatric", {}).get("self_harm_recent")
    )


def _sources(a: Assessment) -> list[str]:
    out = [s.basis.source for s in a.safety.signals] + [x.basis.source for x in a.safety.actions]
    out += [c.source for c in a.safety.crisis_contacts]
    out.append(a.level_of_care.basis.source)
    out += [r.source for d in a.level_of_care.dimensions for r in d.reasons]
    out.append(a.depression.basis.source)
    p = a.plan
    out += [x.basis.source for x in (*p.goals, *p.items, *p.cautions, *p.excluded)]
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases)
def test_every_assessment_carries_crisis_contacts_led_by_an_emergency_number(
    data: dict[str, Any],
) -> None:
    a = assess(data)
    assert a.safety.crisis_contacts
    assert a.safety.crisis_contacts[0].kind == "emergency"
    assert "crisis_lines" in {x.id for x in a.safety.actions}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases)
def test_no_positive_risk_signal_ever_yields_an_assessment_without_crisis_guidance(
    data: dict[str, Any],
) -> None:
    a = assess(data)
    if _risk_signal(data):
        assert a.safety.level != "routine"
        assert a.safety.suicide.level in ("acute", "non_acute")
        assert SUICIDE_ACTIONS & {x.id for x in a.safety.actions}
        assert "plan.safety_plan" in {i.id for i in a.plan.items}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases)
def test_every_plan_item_level_and_signal_carries_a_source(data: dict[str, Any]) -> None:
    a = assess(data)
    assert all(len(s.strip()) >= 3 for s in _sources(a))
    assert "informed by" in a.level_of_care.disclaimer


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases)
def test_the_safety_level_is_the_most_severe_signal_and_immediate_actions_come_first(
    data: dict[str, Any],
) -> None:
    a = assess(data)
    worst = min((SEVERITY_ORDER.index(s.severity) for s in a.safety.signals), default=3)
    assert a.safety.level == SEVERITY_ORDER[worst]
    priorities = [x.priority for x in a.safety.actions]
    assert priorities == sorted(priorities)


def test_a_negative_item_9_is_never_presented_as_safe() -> None:
    a = assess(case(instruments=[phq9(0, 0, 0, 0, 0, 0, 0, 0, 0)]))
    assert a.safety.level == "routine"
    assert "does not mean safe" in a.safety.suicide.note
    assert "71.6%" in a.safety.for_clinician


def test_the_phq9_item_9_signal_shows_its_inputs_and_source() -> None:
    a = assess(case(instruments=[phq9(0, 0, 0, 0, 0, 0, 0, 0, 3)]))
    signal = next(s for s in a.safety.signals if s.id == "suicide.phq9_item9")
    assert signal.basis.inputs == {"phq9.items.9": 3.0}
    assert "Simon" in signal.basis.source
    assert a.safety.suicide.phq9_item9 == 3.0


@pytest.mark.parametrize("days", [0, 28])
def test_release_within_four_weeks_means_lost_tolerance(days: int) -> None:
    release = {"setting": "prison", "date": (AS_OF - dt.timedelta(days=days)).isoformat()}
    a = assess(
        case(
            substances=[{"substance": "opioids", "frequency": "daily", "last_use": "2026-06-01"}],
            recent_release=release,
        )
    )
    assert "overdose.lost_tolerance_release" in {s.id for s in a.safety.signals}
    assert a.safety.overdose.naloxone


def test_release_after_four_weeks_is_not_the_release_rule() -> None:
    release = {"setting": "prison", "date": (AS_OF - dt.timedelta(days=29)).isoformat()}
    a = assess(
        case(
            substances=[{"substance": "opioids", "last_use": "2026-11-20"}], recent_release=release
        )
    )
    assert "overdose.lost_tolerance_release" not in {s.id for s in a.safety.signals}


def test_release_without_opioid_history_is_not_an_overdose_signal() -> None:
    a = assess(
        case(
            substances=[{"substance": "cannabis", "frequency": "weekly"}],
            recent_release={"setting": "prison", "date": AS_OF.isoformat()},
        )
    )
    assert a.safety.overdose.level == "low"
    assert not a.safety.overdose.naloxone


def test_a_rule_reading_an_unknown_fact_fails_loudly() -> None:
    with pytest.raises(DefinitionError):
        evaluate(FactTest(fact="no.such.fact", is_=True), {})
