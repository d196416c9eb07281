"""The pure clinical engine: instrument definitions, scoring, safety, level of care, plans.

It imports only the standard library, pydantic and PyYAML, so every shell (CLI, web, FHIR,
batch) can depend on it and it never depends on them.
"""

from dualpath.engine.assess import assess
from dualpath.engine.assessment import Assessment
from dualpath.engine.case import Case, CaseError, parse_case
from dualpath.engine.crisis import Country, CrisisContact, crisis_contacts, supported_countries
from dualpath.engine.definitions import Instrument, Item, Option
from dualpath.engine.errors import (
    AnswerProblem,
    AnswersError,
    DefinitionError,
    DualpathError,
    UnknownInstrumentError,
)
from dualpath.engine.progress import (
    Observation,
    Progress,
    UseRecord,
    assess_abstinence,
    assess_progress,
)
from dualpath.engine.registry import (
    get_instrument,
    instrument_ids,
    list_instruments,
    use_local_wording,
)
from dualpath.engine.results import BandResult, FlagResult, ItemScore, ScoreResult, SubscaleResult
from dualpath.engine.scoring import allowed_values, normalise_sex, resolve_answer, score

__all__ = [
    "AnswerProblem",
    "AnswersError",
    "Assessment",
    "BandResult",
    "Case",
    "CaseError",
    "Country",
    "CrisisContact",
    "DefinitionError",
    "DualpathError",
    "FlagResult",
    "Instrument",
    "Item",
    "ItemScore",
    "Observation",
    "Option",
    "Progress",
    "ScoreResult",
    "SubscaleResult",
    "UnknownInstrumentError",
    "UseRecord",
    "allowed_values",
    "assess",
    "assess_abstinence",
    "assess_progress",
    "crisis_contacts",
    "get_instrument",
    "instrument_ids",
    "list_instruments",
    "normalise_sex",
    "parse_case",
    "resolve_answer",
    "score",
    "supported_countries",
    "use_local_wording",
]
