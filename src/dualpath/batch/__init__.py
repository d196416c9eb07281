"""Scoring large exports with polars, from the same instrument definitions as the engine.

:class:`CompiledInstrument` turns a definition into polars expressions; :func:`score_file`
runs lazy scan -> validate -> score -> sink over a CSV or Parquet file in one streaming pass.
Row by row, the results equal :func:`dualpath.engine.score` with ``partial=True``.

The names below are imported on first use, so ``dualpath.batch.columns`` (which the
``dualpath show`` command reads) does not load polars.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dualpath.batch.answers import AnswerCoding
    from dualpath.batch.columns import ColumnError, candidate_names, parse_mapping, plan_columns
    from dualpath.batch.compiler import CompiledInstrument, output_columns
    from dualpath.batch.pipeline import (
        InputError,
        OutputFormat,
        ScoreRequest,
        Summary,
        input_format,
        output_format,
        score_file,
    )

_HOMES = {
    "AnswerCoding": "answers",
    "ColumnError": "columns",
    "CompiledInstrument": "compiler",
    "InputError": "pipeline",
    "OutputFormat": "pipeline",
    "ScoreRequest": "pipeline",
    "Summary": "pipeline",
    "candidate_names": "columns",
    "input_format": "pipeline",
    "output_columns": "compiler",
    "output_format": "pipeline",
    "parse_mapping": "columns",
    "plan_columns": "columns",
    "score_file": "pipeline",
}

__all__ = [
    "AnswerCoding",
    "ColumnError",
    "CompiledInstrument",
    "InputError",
    "OutputFormat",
    "ScoreRequest",
    "Summary",
    "candidate_names",
    "input_format",
    "output_columns",
    "output_format",
    "parse_mapping",
    "plan_columns",
    "score_file",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
