"""The engine must stay pure: shells import it, never the reverse."""

import json
import subprocess
import sys

import dualpath.engine

PUBLIC = {
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
}


def test_engine_imports_no_shell_or_heavy_library() -> None:
    code = (
        "import sys, json, dualpath.engine as e; "
        "e.score('phq9', {str(i): 0 for i in range(1, 10)}); "
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    roots = {m.split(".")[0] for m in json.loads(out.stdout)}
    forbidden = {"django", "polars", "fhir", "fhir_core", "weasyprint", "click", "rich", "ninja"}
    assert not roots & forbidden


def test_public_surface_does_not_grow_by_accident() -> None:
    # Adding to the engine's public API is a decision: update PUBLIC in the same change.
    assert set(dualpath.engine.__all__) == PUBLIC
