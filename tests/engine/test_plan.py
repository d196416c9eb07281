"""The integrated plan: medication by substance, therapies, cautions, reasons and sources."""

from __future__ import annotations

from typing import Any

import pytest

from dualpath.engine import assess
from tests.engine.helpers_cases import AS_OF, ago, case, phq9

NONE9 = phq9(0, 0, 0, 0, 0, 0, 0, 0, 0)


def _items(data: dict[str, Any]) -> set[str]:
    return {i.id for i in assess(data).plan.items}


@pytest.mark.parametrize(
    ("substance", "expected"),
    [
        (
            {"substance": "opioids", "frequency": "daily", "last_use": ago(1)},
            {"med.opioids.buprenorphine", "med.opioids.methadone", "med.opioids.xr_naltrexone"},
        ),
        (
            {"substance": "alcohol", "frequency": "daily", "last_use": ago(1)},
            {"med.alcohol.naltrexone", "med.alcohol.acamprosate", "med.alcohol.disulfiram"},
        ),
        (
            {"substance": "tobacco", "frequency": "daily"},
            {"med.tobacco.nrt", "med.tobacco.varenicline", "med.tobacco.bupropion"},
        ),
        (
            {"substance": "stimulants_cocaine", "frequency": "weekly"},
            {"med.stimulants.none_approved", "therapy.contingency_management"},
        ),
        ({"substance": "cannabis", "frequency": "weekly"}, {"med.cannabis.none_approved"}),
    ],
)
def test_it_offers_the_medications_for_each_substance(
    substance: dict[str, Any], expected: set[str]
) -> None:
    assert expected <= _items(case(substances=[substance], instruments=[NONE9], age=40))


def test_occasional_drinking_does_not_bring_alcohol_medications() -> None:
    items = _items(case(substances=[{"substance": "alcohol", "frequency": "monthly"}]))
    assert not {i for i in items if i.startswith("med.alcohol.")}


def test_every_item_names_who_provides_it_how_it_is_measured_and_when_it_is_reviewed() -> None:
    a = assess(
        case(
            age=30,
            substances=[{"substance": "opioids", "frequency": "daily"}],
            instruments=[phq9(2, 2, 2, 2, 2, 2, 1, 1, 1)],
            social={"housing": "homeless", "work": "unemployed", "legal_problems": True},
        )
    )
    categories = {i.category for i in a.plan.items}
    assert {
        "safety",
        "medication",
        "psychotherapy",
        "peer_support",
        "holistic",
        "social",
        "relapse_prevention",
        "aftercare",
        "monitoring",
    } <= categories
    for item in a.plan.items:
        assert item.provider
        assert item.review_on > AS_OF
        assert item.basis.source
    assert a.plan.review_on == min(
        [i.review_on for i in a.plan.items] + [g.review_on for g in a.plan.goals]
    )


def test_mi_is_offered_when_readiness_is_low_and_not_when_the_person_is_acting() -> None:
    assert "therapy.mi" in _items(case(readiness="precontemplation"))
    assert "therapy.mi" not in _items(case(readiness="action"))


def test_a_pregnant_person_with_opioid_use_is_not_offered_naltrexone_and_is_told_why() -> None:
    a = assess(case(pregnant=True, substances=[{"substance": "opioids", "frequency": "daily"}]))
    assert "med.opioids.xr_naltrexone" not in {i.id for i in a.plan.items}
    excluded = next(c for c in a.plan.excluded if c.id == "med.opioids.xr_naltrexone.excluded")
    assert "Pregnancy" in excluded.for_clinician
    assert excluded.basis.inputs["pregnant"] is True


def test_the_reassessment_item_is_reviewed_on_the_depression_reassessment_date() -> None:
    a = assess(
        case(
            substances=[{"substance": "alcohol", "last_use": ago(20)}],
            instruments=[phq9(2, 2, 2, 2, 1, 2, 1, 1, 0)],
        )
    )
    item = next(i for i in a.plan.items if i.id == "monitor.reassess_depression")
    assert item.review_on == a.depression.reassess_on


def test_plan_text_never_claims_a_diagnosis() -> None:
    from dualpath.engine.plan import plan_rules

    rules = plan_rules()
    for rule in (*rules.goals, *rules.items, *rules.cautions):
        assert "diagnos" not in f"{rule.for_person} {rule.for_clinician}".lower(), rule.id
