"""Errors raised by the engine.

Every error names what was wrong and where, so a shell can show it to a person as it is.

    DualpathError
    ├── DefinitionError          an instrument or rule file is malformed (a packaging bug)
    ├── UnknownInstrumentError   no instrument with that id
    └── AnswersError             answers that cannot be scored as given
        (carries one AnswerProblem per item: unknown item, bad value, missing answer)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dualpath.engine.results import ScoreResult

__all__ = [
    "AnswerProblem",
    "AnswersError",
    "DefinitionError",
    "DualpathError",
    "UnknownInstrumentError",
]


class DualpathError(Exception):
    """Base class of every error the engine raises on purpose."""


class DefinitionError(DualpathError):
    """An instrument or rules data file does not follow its schema."""


class UnknownInstrumentError(DualpathError, KeyError):
    """No instrument has this id (ids are matched ignoring case and punctuation)."""

    def __init__(self, instrument_id: str, known: tuple[str, ...]) -> None:
        self.instrument_id = instrument_id
        self.known = known
        super().__init__(f"unknown instrument {instrument_id!r}; known: {', '.join(known)}")

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0])


@dataclass(frozen=True)
class AnswerProblem:
    """One thing wrong with one answer.

    ``kind`` is one of ``unknown_item``, ``invalid_value``, ``missing``.
    """

    item: str
    kind: str
    message: str
    value: object = None
    allowed: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.message


class AnswersError(DualpathError, ValueError):
    """Answers that cannot be scored as given; ``problems`` lists each one.

    When the only problems are missing answers, ``partial`` holds the result computed from
    what was answered (its flags included), so a risk signal is never lost with the error.
    """

    def __init__(
        self,
        instrument_id: str,
        problems: tuple[AnswerProblem, ...],
        partial: ScoreResult | None = None,
    ) -> None:
        self.instrument_id = instrument_id
        self.problems = problems
        self.partial = partial
        details = "; ".join(p.message for p in problems)
        unknown = [p for p in problems if p.kind == "unknown_item"]
        if unknown:  # name the valid items once, however many keys were wrong
            details += f" (items are {', '.join(unknown[0].allowed)})"
        super().__init__(f"{instrument_id}: {details}")
