"""The schema of an instrument definition file (``instruments/<id>.yaml``).

Definitions are data so that clinicians can review them line by line against the published
form, and so that every shell (CLI, batch, web, FHIR) works from the same source of truth.
The models are strict (unknown keys are errors) so a typo in a definition fails loudly at
load time instead of silently changing a score. See ``docs/instruments.md`` for the format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "AllCondition",
    "AnyCondition",
    "Band",
    "Classification",
    "Condition",
    "CountCondition",
    "Flag",
    "Instrument",
    "Item",
    "ItemCondition",
    "Licence",
    "MissingRule",
    "NotCondition",
    "Option",
    "Subscale",
    "TotalCondition",
]

Severity = Literal["info", "warning", "urgent", "emergency"]
SexThresholds = dict[Literal["male", "female", "unknown"], float]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Licence(_Model):
    """Who holds the instrument and what its licence lets dualpath do with it."""

    holder: str
    statement: str
    reproduce_text: bool = Field(
        description="May the item wording be shipped and shown electronically?"
    )
    commercial_use: Literal["allowed", "permission_required", "not_allowed", "unverified"]
    notes: str = ""


class Option(_Model):
    """One response option.

    ``value`` is what the published form prints beside the option (or, for yes/no items,
    1/0) and what an export holds; ``points`` is what the option adds to the score (they
    differ for reverse-keyed items). ``id`` is a stable slug used by conditions and codings.
    """

    id: str
    label: str
    value: int | float | str
    points: float | None = None
    code: str | None = Field(default=None, description="LOINC answer code (LA…) where verified")
    aliases: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        if self.points is not None:
            return self.points
        if isinstance(self.value, (int, float)):
            return float(self.value)
        return 0.0


class Item(_Model):
    """One question. ``text`` is None where the licence forbids shipping the wording."""

    id: str
    text: str | None = None
    topic: str = Field(description="A short paraphrase, always safe to show")
    options: str | tuple[Option, ...] = Field(
        description="Inline options, or the name of an entry in the instrument's option_sets"
    )
    scored: bool = True
    required: bool = True
    loinc: str | None = None
    enable_when: Condition | None = None
    help: str | None = None
    text_variants: dict[str, str] = Field(
        default_factory=dict,
        description="Wording that depends on context, e.g. by sex for TAPS alcohol item",
    )
    loinc_variants: dict[str, str] = Field(
        default_factory=dict,
        description="LOINC item code by the same context keys as text_variants (TAPS alcohol)",
    )


class ItemCondition(_Model):
    """True when an item's answer matches: by option id (``in``) or by points (min/max)."""

    item: str
    in_: tuple[str, ...] | None = Field(default=None, alias="in")
    min: float | None = None
    max: float | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class TotalCondition(_Model):
    """True when the total (or a subscale's total) is in range; thresholds may depend on sex."""

    total: Literal[True] | None = None
    subscale: str | None = None
    min: float | None = None
    max: float | None = None
    min_by_sex: SexThresholds | None = None

    @model_validator(mode="after")
    def _one_target(self) -> TotalCondition:
        if (self.total is None) == (self.subscale is None):
            raise ValueError("give exactly one of total: true or subscale: <id>")
        return self


class CountCondition(_Model):
    """True when at least ``min`` of ``items`` match ``match`` (option ids) or ``min_points``."""

    count: tuple[str, ...]
    match: tuple[str, ...] | None = None
    min_points: float | None = None
    at_least: int


class AnyCondition(_Model):
    any: tuple[Condition, ...]


class AllCondition(_Model):
    all: tuple[Condition, ...]


class NotCondition(_Model):
    not_: Condition = Field(alias="not")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Condition = Annotated[
    ItemCondition | TotalCondition | CountCondition | AnyCondition | AllCondition | NotCondition,
    Field(union_mode="left_to_right"),
]


class Band(_Model):
    """A severity band on the total, or a category chosen by a condition (first match wins)."""

    id: str
    label: str
    min: float | None = None
    max: float | None = None
    when: Condition | None = None
    meaning: str = Field(default="", description="Plain-language meaning for the person")
    action: str = Field(default="", description="Suggested clinical action from the source")


class Flag(_Model):
    """A signal raised when its condition holds (e.g. PHQ-9 item 9 > 0)."""

    id: str
    label: str
    severity: Severity
    when: Condition
    message: str
    source: str = ""


class Subscale(_Model):
    id: str
    label: str
    items: tuple[str, ...]
    range: tuple[float, float]
    bands: tuple[Band, ...] = ()
    loinc: str | None = None


class MissingRule(_Model):
    """The published rule for missing answers.

    ``refuse``: no total unless every required scored item is answered.
    ``prorate``: with at most ``max_missing`` missing, total = mean of answered × n, rounded.
    """

    rule: Literal["refuse", "prorate"]
    max_missing: int = 0
    never_impute: tuple[str, ...] = ()
    source: str


class Classification(_Model):
    """Categorical results (ASQ, C-SSRS) use ordered bands with conditions and no total."""

    bands: tuple[Band, ...]


class Scoring(_Model):
    method: Literal["sum", "classification", "subscales"]
    items: tuple[str, ...] = ()
    range: tuple[float, float] | None = None
    rule: str = Field(description="The scoring rule in words, shown as the basis of a result")
    source: str


class AgeRange(_Model):
    min: int | None = None
    max: int | None = None
    note: str = ""


class Loinc(_Model):
    panel: str | None = None
    total: str | None = None
    notice: str = (
        "This material contains content from LOINC (http://loinc.org). LOINC is copyright "
        "Regenstrief Institute, Inc. and the LOINC Committee and is available at no cost "
        "under the license at http://loinc.org/license."
    )
    unverified: tuple[str, ...] = Field(
        default=(), description="Codes given here that were not confirmed against loinc.org"
    )


class Instrument(_Model):
    """A whole instrument definition, as loaded from its data file."""

    id: str
    name: str
    short_name: str
    version: str
    purpose: str
    administration: Literal["self", "clinician", "either"]
    timeframe: str
    preamble: str | None = None
    citation: str
    references: tuple[str, ...] = ()
    licence: Licence
    loinc: Loinc = Field(default_factory=Loinc)
    ages: AgeRange
    option_sets: dict[str, tuple[Option, ...]] = Field(default_factory=dict)
    items: tuple[Item, ...]
    scoring: Scoring
    missing: MissingRule
    subscales: tuple[Subscale, ...] = ()
    bands: tuple[Band, ...] = ()
    flags: tuple[Flag, ...] = ()
    notes: tuple[str, ...] = ()
    unverified: tuple[str, ...] = Field(
        default=(), description="Facts in this file not verified against the primary source"
    )
    local_wording: str | None = Field(
        default=None,
        description=(
            "Set only by a deployment's wording file, never by a shipped definition: the "
            "licence under which that site supplies the item wording dualpath does not ship"
        ),
    )

    @model_validator(mode="after")
    def _check_references(self) -> Instrument:
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate item ids in {self.id}")
        known = set(ids)
        for item in self.items:
            if isinstance(item.options, str) and item.options not in self.option_sets:
                raise ValueError(f"item {item.id}: unknown option set {item.options!r}")
        for name in self.scoring.items:
            if name not in known:
                raise ValueError(f"scoring.items names unknown item {name!r}")
        for sub in self.subscales:
            for name in sub.items:
                if name not in known:
                    raise ValueError(f"subscale {sub.id} names unknown item {name!r}")
        for name in self.missing.never_impute:
            if name not in known:
                raise ValueError(f"missing.never_impute names unknown item {name!r}")
        if self.scoring.method == "sum" and not self.scoring.items:
            raise ValueError("a sum needs scoring.items")
        subscale_ids = {sub.id for sub in self.subscales}
        places: list[tuple[str, Condition]] = [(f"flag {f.id}", f.when) for f in self.flags]
        places += [(f"band {b.id}", b.when) for b in self.bands if b.when is not None]
        places += [
            (f"subscale {s.id} band {b.id}", b.when)
            for s in self.subscales
            for b in s.bands
            if b.when is not None
        ]
        places += [(f"item {i.id} enable_when", i.enable_when) for i in self.items if i.enable_when]
        for where, cond in places:
            self._check_condition(where, cond, known, subscale_ids)
        return self

    def _check_condition(
        self, where: str, cond: Condition, known: set[str], subscale_ids: set[str]
    ) -> None:
        """Fail at load time on a condition naming an item, option or subscale that is not there."""

        def option_ids(item_id: str) -> set[str]:
            return {o.id for o in self.options_for(self.item(item_id))}

        if isinstance(cond, ItemCondition):
            if cond.item not in known:
                raise ValueError(f"{where}: unknown item {cond.item!r}")
            unknown = set(cond.in_ or ()) - option_ids(cond.item)
            if unknown:
                raise ValueError(f"{where}: item {cond.item} has no option {sorted(unknown)}")
        elif isinstance(cond, TotalCondition):
            if cond.subscale is not None and cond.subscale not in subscale_ids:
                raise ValueError(f"{where}: unknown subscale {cond.subscale!r}")
            if cond.min_by_sex is not None and set(cond.min_by_sex) != {
                "male",
                "female",
                "unknown",
            }:
                raise ValueError(f"{where}: min_by_sex needs male, female and unknown thresholds")
        elif isinstance(cond, CountCondition):
            for item_id in cond.count:
                if item_id not in known:
                    raise ValueError(f"{where}: unknown item {item_id!r}")
                unknown = set(cond.match or ()) - option_ids(item_id)
                if cond.match is not None and unknown == set(cond.match):
                    raise ValueError(f"{where}: item {item_id} has none of options {cond.match}")
        elif isinstance(cond, (AnyCondition, AllCondition)):
            for child in cond.any if isinstance(cond, AnyCondition) else cond.all:
                self._check_condition(where, child, known, subscale_ids)
        elif isinstance(cond, NotCondition):
            self._check_condition(where, cond.not_, known, subscale_ids)

    def options_for(self, item: Item) -> tuple[Option, ...]:
        """The options of an item, resolving a named option set."""
        if isinstance(item.options, str):
            return self.option_sets[item.options]
        return item.options

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    def with_item_text(self, texts: Mapping[str, str], *, licence: str) -> Instrument:
        """A copy carrying item wording supplied by a licensed deployment (SHAPS, C-SSRS).

        dualpath ships no wording it may not reproduce (or has not verified); a site that
        holds a licence supplies its own wording (item id → text) under ``licence``, which is
        shown wherever the wording is. Scoring is unchanged.
        """
        known = {item.id for item in self.items}
        unknown = sorted(set(texts) - known)
        if unknown:
            raise ValueError(f"{self.id}: wording given for unknown item(s) {', '.join(unknown)}")
        if not licence.strip():
            raise ValueError(f"{self.id}: say under which licence the wording is supplied")
        items = tuple(
            item.model_copy(update={"text": texts[item.id]}) if item.id in texts else item
            for item in self.items
        )
        return self.model_copy(update={"items": items, "local_wording": licence.strip()})


Item.model_rebuild()
AnyCondition.model_rebuild()
AllCondition.model_rebuild()
NotCondition.model_rebuild()
Band.model_rebuild()
Flag.model_rebuild()
