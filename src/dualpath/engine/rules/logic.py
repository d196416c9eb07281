"""The tiny rule language shared by every rule file, and the loader.

A rule's ``when`` is a tree of ``all`` / ``any`` / ``not`` over fact tests such as
``{fact: opioids.use, is: true}`` or ``{fact: phq9.items.9, min: 1}``. Facts are a flat map
built from the case (``rules/facts.py``); an unknown fact value (None) never satisfies a test
except ``known: false``, so missing data cannot silently switch a rule on. The facts a rule
reads become the ``inputs`` of its basis, so every output shows what it was based on.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Annotated, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dualpath.engine.errors import DefinitionError

__all__ = [
    "AllOf",
    "AnyOf",
    "Cond",
    "FactTest",
    "FactValue",
    "NotOf",
    "RuleBase",
    "RuleFile",
    "RuleModel",
    "evaluate",
    "facts_read",
    "load_rules",
]

FactValue = str | int | float | bool | None
Facts = Mapping[str, FactValue]


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class FactTest(RuleModel):
    """One test on one fact; every test given must hold."""

    fact: str
    is_: str | int | float | bool | None = Field(default=None, alias="is")
    in_: tuple[str, ...] | None = Field(default=None, alias="in")
    min: float | None = None
    max: float | None = None
    below: float | None = Field(default=None, description="strictly less than")
    known: bool | None = None

    @model_validator(mode="after")
    def _has_a_test(self) -> FactTest:
        tests = (self.is_, self.in_, self.min, self.max, self.below, self.known)
        if all(t is None for t in tests):
            raise ValueError(f"fact {self.fact!r}: give is, in, min, max, below or known")
        return self


class AnyOf(RuleModel):
    any: tuple[Cond, ...]


class AllOf(RuleModel):
    all: tuple[Cond, ...]


class NotOf(RuleModel):
    not_: Cond = Field(alias="not")


Cond = Annotated[FactTest | AnyOf | AllOf | NotOf, Field(union_mode="left_to_right")]


def _test(test: FactTest, facts: Facts) -> bool:
    if test.fact not in facts:
        raise DefinitionError(f"rule reads unknown fact {test.fact!r}")
    value = facts[test.fact]
    if test.known is not None:
        return (value is not None) == test.known
    if value is None:
        return False
    if test.is_ is not None and value != test.is_:
        return False
    if test.in_ is not None and str(value) not in test.in_:
        return False
    numeric = test.min is not None or test.max is not None or test.below is not None
    if numeric:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if test.min is not None and value < test.min:
            return False
        if test.max is not None and value > test.max:
            return False
        if test.below is not None and value >= test.below:
            return False
    return True


def evaluate(cond: Cond | None, facts: Facts) -> bool:
    """True when ``cond`` holds; a rule without a condition always applies."""
    if cond is None:
        return True
    if isinstance(cond, FactTest):
        return _test(cond, facts)
    if isinstance(cond, AnyOf):
        return any(evaluate(c, facts) for c in cond.any)
    if isinstance(cond, AllOf):
        return all(evaluate(c, facts) for c in cond.all)
    return not evaluate(cond.not_, facts)


def facts_read(cond: Cond | None) -> tuple[str, ...]:
    """The facts a condition reads, in order of first mention."""
    if cond is None:
        return ()
    if isinstance(cond, FactTest):
        return (cond.fact,)
    children = (
        cond.any
        if isinstance(cond, AnyOf)
        else cond.all
        if isinstance(cond, AllOf)
        else (cond.not_,)
    )
    seen: dict[str, None] = {}
    for child in children:
        for name in facts_read(child):
            seen[name] = None
    return tuple(seen)


class RuleBase(RuleModel):
    """What every rule has: an id, the source it rests on, and when it applies."""

    id: str = Field(pattern=r"^[a-z0-9_.]+$")
    source: str = Field(min_length=3)
    when: Cond | None = None
    for_person: str = ""
    for_clinician: str = ""


class RuleFile(RuleModel):
    version: str


AnyOf.model_rebuild()
AllOf.model_rebuild()
NotOf.model_rebuild()

T = TypeVar("T", bound=RuleFile)


@cache
def _read(name: str) -> object:
    entry = resources.files("dualpath.engine.rules").joinpath(name)
    try:
        return yaml.safe_load(entry.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{name}: not valid YAML: {exc}") from exc


_LOADED: dict[tuple[str, type[RuleFile]], RuleFile] = {}


def load_rules(name: str, model: type[T]) -> T:
    """Load and validate ``rules/<name>`` against ``model`` (cached)."""
    key = (name, model)
    if key not in _LOADED:
        try:
            _LOADED[key] = model.model_validate(_read(name))
        except ValidationError as exc:
            raise DefinitionError(f"{name}: {exc}") from exc
        ids = _rule_ids(_LOADED[key])
        if len(ids) != len(set(ids)):
            raise DefinitionError(f"{name}: duplicate rule ids")
    loaded = _LOADED[key]
    assert isinstance(loaded, model)  # noqa: S101 - cache keyed by model
    return loaded


def _rule_ids(rule_file: RuleFile) -> list[str]:
    ids: list[str] = []
    for value in rule_file.__dict__.values():
        if isinstance(value, tuple):
            ids.extend(v.id for v in value if isinstance(v, RuleBase))
    return ids
