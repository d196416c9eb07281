"""Request and response schemas of the JSON API (they make the OpenAPI document)."""

from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

__all__ = [
    "BandOut",
    "CrisisContactOut",
    "FlagOut",
    "InstrumentDetail",
    "InstrumentOverview",
    "ItemOut",
    "OptionOut",
    "ScoreIn",
    "ScoreOut",
]

Answer = str | int | float | bool | None


class InstrumentOverview(Schema):
    id: str
    name: str
    short_name: str
    version: str
    purpose: str
    administration: Literal["self", "clinician", "either"]
    timeframe: str
    items: int
    licence: str
    reproduce_text: bool
    loinc_panel: str | None = None


class OptionOut(Schema):
    id: str
    label: str
    value: int | float | str
    points: float
    code: str | None = None


class ItemOut(Schema):
    id: str
    text: str | None = Field(None, description="None where the licence forbids shipping it")
    topic: str
    scored: bool
    required: bool
    loinc: str | None = None
    help: str | None = None
    options: list[OptionOut]


class BandOut(Schema):
    id: str
    label: str
    min: float | None = None
    max: float | None = None
    meaning: str = ""
    action: str = ""


class FlagOut(Schema):
    id: str
    label: str
    severity: str
    message: str
    source: str = ""


class InstrumentDetail(InstrumentOverview):
    preamble: str | None = None
    local_wording: str | None = Field(
        None,
        description="When this deployment supplies item wording dualpath does not ship: the "
        "licence it is used under (the item texts are then the deployment's).",
    )
    citation: str
    scoring_rule: str
    scoring_source: str
    missing_rule: str
    item_list: list[ItemOut]
    bands: list[BandOut]
    flags: list[FlagOut]
    fhir_questionnaire: str


class ScoreIn(Schema):
    # Strict: 0 is not false and "1" is not 1 at this level, so what the schema documents is
    # exactly what is accepted (the engine then reads answers leniently, item by item).
    model_config = ConfigDict(strict=True)

    instrument: str = Field(..., min_length=1, max_length=40, examples=["phq9"])
    answers: dict[str, Answer] = Field(
        ...,
        description="Item id → answer: the value printed on the form, the option id or label, "
        "its LOINC answer code, or yes/no/true/false for yes/no items",
        examples=[{"1": 0, "2": 1, "3": 2, "4": 0, "5": 0, "6": 1, "7": 0, "8": 0, "9": 0}],
    )
    sex: Literal["male", "female", "other", "unknown"] | None = None
    age: int | None = Field(None, ge=0, le=130)
    partial: bool = Field(
        False, description="Score what was answered instead of refusing missing answers"
    )
    country: str | None = Field(
        None, min_length=2, max_length=2, description="ISO 3166 alpha-2, for crisis contacts"
    )


class CrisisContactOut(Schema):
    name: str
    number: str
    dial: str | None = None
    text: str | None = None
    kind: str
    hours: str = ""


class ScoreOut(Schema):
    instrument: str
    instrument_version: str
    total: float | None
    band: BandOut | None
    flags: list[dict[str, Any]]
    subscales: dict[str, Any]
    items: dict[str, Any]
    answered: int
    expected: int
    missing: list[str]
    prorated: bool
    warnings: list[str]
    basis: str
    source: str
    scorable: bool
    crisis_contacts: list[CrisisContactOut] = Field(
        ..., description="Always present: a low score does not mean safe"
    )
