"""The clinical vignette library: each JSON case states what a clinician would expect.

Files live in ``tests/engine/vignettes/``; each has a ``title``, a ``case`` and ``expect``
(only the keys given are checked). Together they must exercise every rule in the rule files.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from dualpath.engine import Assessment, assess
from dualpath.engine.assessment import Basis
from dualpath.engine.depression import depression_rules
from dualpath.engine.level_of_care import level_rules
from dualpath.engine.plan import plan_rules
from dualpath.engine.safety import safety_rules

VIGNETTES = sorted((Path(__file__).parent / "vignettes").glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _plan_ids(a: Assessment) -> set[str]:
    p = a.plan
    return {x.id for x in (*p.goals, *p.items, *p.cautions)}


def test_the_library_holds_at_least_40_vignettes() -> None:
    assert len(VIGNETTES) >= 40


@pytest.mark.parametrize("path", VIGNETTES, ids=[p.stem for p in VIGNETTES])
def test_vignette_meets_its_clinical_expectations(path: Path) -> None:
    data = _load(path)
    exp: dict[str, Any] = data["expect"]
    a = assess(data["case"])
    signals = {s.id for s in a.safety.signals}
    actions = [x.id for x in a.safety.actions]
    assert a.safety.crisis_contacts, "every assessment carries crisis contacts"
    if "safety_level" in exp:
        assert a.safety.level == exp["safety_level"]
    if "suicide_level" in exp:
        assert a.safety.suicide.level == exp["suicide_level"]
    if "overdose_level" in exp:
        assert a.safety.overdose.level == exp["overdose_level"]
    if "naloxone" in exp:
        assert a.safety.overdose.naloxone is exp["naloxone"]
    if "withdrawal_level" in exp:
        assert a.safety.withdrawal.level == exp["withdrawal_level"]
    assert set(exp.get("signals", ())) <= signals
    assert not set(exp.get("absent_signals", ())) & signals
    assert set(exp.get("actions", ())) <= set(actions)
    if "first_action" in exp:
        assert actions[0] == exp["first_action"]
    if "level_of_care" in exp:
        assert a.level_of_care.final == exp["level_of_care"]
    if "computed_level" in exp:
        assert a.level_of_care.computed == exp["computed_level"]
        assert a.level_of_care.override is not None
    if "driven_by" in exp:
        assert list(a.level_of_care.driven_by) == exp["driven_by"]
    if "depression" in exp:
        assert a.depression.classification == exp["depression"]
    if "reassess_days" in exp:
        days = exp["reassess_days"]
        want = None if days is None else a.as_of + dt.timedelta(days=days)
        assert a.depression.reassess_on == want
    if "anhedonia" in exp:
        assert a.depression.anhedonia is not None
        assert a.depression.anhedonia.present is exp["anhedonia"]
    ids = _plan_ids(a)
    assert set(exp.get("plan_includes", ())) <= ids
    assert not set(exp.get("plan_excludes", ())) & ids
    excluded = {c.id.removesuffix(".excluded") for c in a.plan.excluded}
    assert set(exp.get("excluded", ())) <= excluded
    for item_id, text in exp.get("note_contains", {}).items():
        item = next(i for i in a.plan.items if i.id == item_id)
        assert any(text in n for n in item.notes)
    dials = {c.dial for c in a.safety.crisis_contacts}
    assert set(exp.get("crisis_dials", ())) <= dials
    if exp.get("crisis_fallback"):
        assert a.safety.crisis_country is None
        assert a.safety.crisis_contacts[0].kind == "emergency"
    if "warning_contains" in exp:
        assert any(exp["warning_contains"] in w for w in a.warnings)


def _bases(a: Assessment) -> list[Basis]:
    out: list[Basis] = [s.basis for s in a.safety.signals]
    out += [r for d in a.level_of_care.dimensions for r in d.reasons]
    out.append(a.depression.basis)
    if a.depression.anhedonia:
        out.append(a.depression.anhedonia.basis)
    p = a.plan
    out += [x.basis for x in (*p.goals, *p.items, *p.cautions, *p.excluded)]
    return out


def test_the_vignettes_exercise_every_rule() -> None:
    fired = {b.rule for path in VIGNETTES for b in _bases(assess(_load(path)["case"]))}
    declared = {r.id for r in safety_rules().rules}
    declared |= {r.id for r in level_rules().ratings}
    declared |= {r.id for r in depression_rules().classifications}
    declared |= {r.id for r in depression_rules().anhedonia}
    p = plan_rules()
    declared |= {r.id for r in (*p.goals, *p.items, *p.cautions)}
    assert sorted(declared - fired) == []
