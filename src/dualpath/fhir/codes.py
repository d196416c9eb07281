"""Code systems, URLs and fixed codes used by every FHIR resource dualpath emits.

dualpath's canonical base is an identifier, not an address that must resolve; it names the
Questionnaires and CodeSystems dualpath defines where LOINC has no code.
"""

from __future__ import annotations

__all__ = [
    "CANONICAL_BASE",
    "DATA_ABSENT_SYSTEM",
    "FHIR_VERSION",
    "INTERPRETATION_SYSTEM",
    "ITEM_CONTROL_SYSTEM",
    "LOINC",
    "OBSERVATION_CATEGORY_SYSTEM",
    "ORDINAL_VALUE_URL",
    "PREGNANCY_ANSWERS",
    "PREGNANCY_STATUS",
    "SNOMED",
    "UCUM",
    "answer_system",
    "band_system",
    "flag_system",
    "plan_system",
    "questionnaire_url",
    "result_system",
]

FHIR_VERSION = "4.0.1"
CANONICAL_BASE = "https://fhir.dualpath.org"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
# LOINC 82810-3 "Pregnancy status" (US Core Observation Pregnancy Status profile, STU6+; IPS
# value set pregnancy-status-uv-ips): answer -> pregnant? (None: unknown, never assumed)
PREGNANCY_STATUS = "82810-3"
PREGNANCY_ANSWERS: dict[tuple[str, str], bool | None] = {
    (SNOMED, "77386006"): True,  # Pregnant
    (SNOMED, "60001007"): False,  # Not pregnant
    (LOINC, "LA15173-0"): True,  # Pregnant
    (LOINC, "LA26683-5"): False,  # Not pregnant
    (LOINC, "LA4489-6"): None,  # Unknown
}
UCUM = "http://unitsofmeasure.org"
# The R4 name of the extension (R5 renamed it itemWeight); LHC-Forms reads this one.
ORDINAL_VALUE_URL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
ITEM_CONTROL_URL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
OBSERVATION_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
DATA_ABSENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
SEVERITY_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/flag-severity"


def questionnaire_url(instrument_id: str) -> str:
    return f"{CANONICAL_BASE}/Questionnaire/{instrument_id}"


def answer_system(instrument_id: str) -> str:
    """Answer codes (option ids) of one instrument, used where LOINC has no answer code."""
    return f"{CANONICAL_BASE}/CodeSystem/{instrument_id}-answers"


def result_system() -> str:
    """Codes of results LOINC does not code: ``<instrument>-total``, ``<instrument>-band``."""
    return f"{CANONICAL_BASE}/CodeSystem/results"


def band_system(instrument_id: str) -> str:
    return f"{CANONICAL_BASE}/CodeSystem/{instrument_id}-bands"


def flag_system(instrument_id: str) -> str:
    return f"{CANONICAL_BASE}/CodeSystem/{instrument_id}-flags"


def plan_system() -> str:
    return f"{CANONICAL_BASE}/CodeSystem/plan"
