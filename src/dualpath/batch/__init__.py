"""Scoring large exports with polars, from the same instrument definitions as the engine.

:class:`CompiledInstrument` turns a definition into polars expressions; :func:`score_file`
runs lazy scan -> validate -> score -> sink over a CSV or Parquet file in one streaming pass.
Row by row, the results equal :func:`dualpath.engine.score` with ``partial=True``.
"""

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
