"""Shared helpers for the FHIR tests: building responses and checking emitted resources."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B import get_fhir_model_class

from dualpath.engine import Instrument
from dualpath.fhir.questionnaire import option_coding, questionnaire_url


def validate(resource: dict[str, Any]) -> None:
    """Structure-check a resource dualpath emitted with the R4B model of its type."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def response(
    inst: Instrument,
    choices: dict[str, int],
    *,
    answer: str = "coding",
    status: str = "completed",
) -> dict[str, Any]:
    """A QuestionnaireResponse to dualpath's Questionnaire, choosing option index per item."""
    items = []
    for item_id, index in choices.items():
        option = inst.options_for(inst.item(item_id))[index]
        if answer == "coding":
            value: dict[str, Any] = {"valueCoding": option_coding(inst, option)}
        elif answer == "integer":
            value = {"valueInteger": option.value}
        else:
            value = {"valueString": option.label}
        items.append({"linkId": item_id, "answer": [value]})
    return {
        "resourceType": "QuestionnaireResponse",
        "status": status,
        "questionnaire": questionnaire_url(inst.id),
        "item": items,
    }


def resources(bundle: dict[str, Any], kind: str = "Observation") -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def by_code(bundle: dict[str, Any], code: str) -> dict[str, Any]:
    for obs in resources(bundle):
        if any(c["code"] == code for c in obs["code"]["coding"]):
            return obs
    raise AssertionError(f"no Observation with code {code}")
