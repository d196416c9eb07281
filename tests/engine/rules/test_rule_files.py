"""The rule files: versioned, sourced, and reading only facts the engine computes."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from dualpath.engine.depression import depression_rules
from dualpath.engine.level_of_care import level_rules
from dualpath.engine.plan import plan_rules
from dualpath.engine.progress import progress_rules
from dualpath.engine.rules.facts import FACT_NAMES
from dualpath.engine.rules.logic import AllOf, AnyOf, FactTest, NotOf, evaluate, facts_read
from dualpath.engine.safety import safety_rules

RULE_FILES = sorted(
    e.name for e in resources.files("dualpath.engine.rules").iterdir() if e.name.endswith(".yaml")
)


def _all_rules() -> list[object]:
    p = plan_rules()
    return [
        *safety_rules().rules,
        *level_rules().ratings,
        *depression_rules().classifications,
        *depression_rules().anhedonia,
        *p.goals,
        *p.items,
        *p.cautions,
    ]


@pytest.mark.parametrize("name", RULE_FILES)
def test_every_rule_file_has_a_version(name: str) -> None:
    data = yaml.safe_load(resources.files("dualpath.engine.rules").joinpath(name).read_text())
    assert str(data["version"])


def test_every_rule_reads_only_facts_the_engine_computes() -> None:
    unknown = set()
    for rule in _all_rules():
        conds = [rule.when]  # type: ignore[attr-defined]
        conds += [c.when for c in getattr(rule, "exclude", ())]
        conds += [c.when for c in getattr(rule, "notes", ())]
        for cond in conds:
            unknown |= set(facts_read(cond)) - set(FACT_NAMES)
    assert unknown == set()


def test_every_rule_cites_a_source_and_has_a_unique_id() -> None:
    rules = _all_rules()
    ids = [r.id for r in rules]  # type: ignore[attr-defined]
    assert len(ids) == len(set(ids))
    assert all(len(r.source) >= 3 for r in rules)  # type: ignore[attr-defined]


def test_progress_definitions_match_clinical_reference_section_7() -> None:
    phq9 = progress_rules().instruments["phq9"]
    assert phq9.response is not None and phq9.response.drop_fraction == 0.5
    assert phq9.remission is not None and phq9.remission.below == 5
    assert phq9.reliable_change is not None and phq9.reliable_change.points == 6
    gad7 = progress_rules().instruments["gad7"]
    assert gad7.reliable_change is not None and gad7.reliable_change.points == 4


def test_an_unknown_value_never_satisfies_a_test_except_known_false() -> None:
    facts = {"x": None}
    assert not evaluate(FactTest(fact="x", is_=False), facts)
    assert not evaluate(FactTest(fact="x", below=5), facts)
    assert not evaluate(NotOf(not_=FactTest(fact="x", known=False)), facts)
    assert evaluate(FactTest(fact="x", known=False), facts)


def test_numeric_tests_are_inclusive_except_below() -> None:
    facts = {"n": 15}
    assert evaluate(FactTest(fact="n", min=15, max=15), facts)
    assert not evaluate(FactTest(fact="n", below=15), facts)
    assert not evaluate(FactTest(fact="n", is_=True), {"n": 1.5})


def test_all_any_and_not_combine_as_in_logic() -> None:
    t, f = FactTest(fact="a", is_=True), FactTest(fact="a", is_=False)
    facts = {"a": True}
    assert evaluate(AnyOf(any=(f, t)), facts)
    assert not evaluate(AllOf(all=(f, t)), facts)
    assert evaluate(NotOf(not_=f), facts)
    assert facts_read(AllOf(all=(t, AnyOf(any=(f,))))) == ("a",)
