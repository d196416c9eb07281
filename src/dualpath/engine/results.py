"""What scoring returns: plain frozen dataclasses, easy to serialise and to compare in tests."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["BandResult", "FlagResult", "ItemScore", "ScoreResult", "SubscaleResult"]


@dataclass(frozen=True)
class BandResult:
    id: str
    label: str
    min: float | None = None
    max: float | None = None
    meaning: str = ""
    action: str = ""


@dataclass(frozen=True)
class FlagResult:
    id: str
    label: str
    severity: str
    message: str
    rule: str
    source: str = ""


@dataclass(frozen=True)
class ItemScore:
    """One answered item: the option chosen, the value as the form prints it, its points."""

    item: str
    option: str
    value: int | float | str
    points: float


@dataclass(frozen=True)
class SubscaleResult:
    id: str
    label: str
    total: float | None
    band: BandResult | None = None


@dataclass(frozen=True)
class ScoreResult:
    """The result of scoring one set of answers.

    ``total`` is None when the instrument's missing-data rule says it cannot be scored (or it
    has no total, like TAPS); flags are still computed from what was answered.
    """

    instrument: str
    instrument_version: str
    total: float | None
    band: BandResult | None
    flags: tuple[FlagResult, ...]
    subscales: dict[str, SubscaleResult]
    items: dict[str, ItemScore]
    answered: int
    expected: int
    missing: tuple[str, ...]
    prorated: bool
    warnings: tuple[str, ...]
    basis: str
    source: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def scorable(self) -> bool:
        return self.total is not None or (self.band is not None)

    def flag(self, flag_id: str) -> FlagResult | None:
        for flag in self.flags:
            if flag.id == flag_id:
                return flag
        return None

    def points(self, item_id: str) -> float | None:
        item = self.items.get(item_id)
        return None if item is None else item.points

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["scorable"] = self.scorable
        return data
