"""Level of care: the highest-risk dimension decides; overrides are shown beside the result."""

from __future__ import annotations

from dualpath.engine import assess
from dualpath.engine.case import LevelOverride
from dualpath.engine.level_of_care import assess_level_of_care, level_rules
from dualpath.engine.rules.facts import FACT_NAMES
from tests.engine.helpers_cases import case, phq9


def _facts(**values: object) -> dict[str, object]:
    facts: dict[str, object] = dict.fromkeys(FACT_NAMES)
    facts.update(values)
    return facts


def test_one_high_dimension_decides_and_is_never_averaged_away() -> None:
    # Dimension 2 at 4 with every other dimension at 0: an average would say outpatient.
    result = assess_level_of_care(_facts(medical_severity="unstable"))  # type: ignore[arg-type]
    ratings = {d.dimension: d.rating for d in result.dimensions}
    assert ratings == {1: 0, 2: 4, 3: 0, 4: 0, 5: 0, 6: 0}
    assert result.computed == "inpatient_residential"
    assert result.driven_by == (2,)


def test_with_no_risk_in_any_dimension_it_suggests_early_intervention() -> None:
    result = assess_level_of_care(_facts())  # type: ignore[arg-type]
    assert result.computed == "early_intervention"
    assert result.driven_by == ()
    assert result.basis.rule == "level.early_intervention_default"


def test_every_dimension_lists_the_rules_that_rated_it() -> None:
    a = assess(
        case(
            substances=[{"substance": "alcohol", "frequency": "daily", "last_use": "2026-11-20"}],
            instruments=[phq9(0, 0, 0, 0, 0, 0, 0, 0, 0)],
        )
    )
    d5 = a.level_of_care.dimensions[4]
    assert d5.rating == 2
    assert d5.reasons[0].rule == "d5.daily_use"
    assert all(r.source for r in d5.reasons)


def test_a_clinician_override_is_shown_beside_the_computed_level() -> None:
    override = LevelOverride(level="outpatient", reason="Declines admission; strong home support")
    a = assess(case(medical_severity="unstable"), override=override)
    lc = a.level_of_care
    assert (lc.computed, lc.final) == ("inpatient_residential", "outpatient")
    assert lc.override == override
    assert "Declines admission" in lc.for_clinician
    assert "computed level was Inpatient" in lc.for_clinician


def test_the_function_argument_override_beats_the_one_in_the_case() -> None:
    data = case(level_override={"level": "outpatient", "reason": "case note"})
    arg = LevelOverride(level="intensive_outpatient", reason="reviewed at team meeting")
    assert assess(data, override=arg).level_of_care.final == "intensive_outpatient"
    assert assess(data).level_of_care.final == "outpatient"


def test_it_says_it_is_informed_by_asam_and_not_equivalent_to_it() -> None:
    lc = assess(case()).level_of_care
    assert "informed by" in lc.disclaimer
    assert "not equivalent" in lc.disclaimer


def test_the_rules_rate_six_dimensions_and_map_every_rating() -> None:
    rules = level_rules()
    assert [d.number for d in rules.dimensions] == [1, 2, 3, 4, 5, 6]
    for dim in rules.dimensions:
        assert set(dim.levels) == {1, 2, 3, 4}
