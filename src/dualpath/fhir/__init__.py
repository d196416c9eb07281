"""HL7 FHIR R4 (4.0.1) for dualpath: Questionnaires out, QuestionnaireResponses scored in.

Built on the ``fhir.resources.R4B`` models for structure checks (R4B shares R4's
Questionnaire, QuestionnaireResponse and Observation); dualpath claims FHIR 4.0.1 and checks
codes and answers itself, because the models do not check value-set bindings. Imports the
engine only; nothing here imports Django.
"""

from dualpath.fhir.codes import CANONICAL_BASE, FHIR_VERSION, questionnaire_url
from dualpath.fhir.outcome import FhirInputError, Issue, operation_outcome
from dualpath.fhir.questionnaire import all_questionnaires, questionnaire
from dualpath.fhir.scoring import parse_resource, score_resources, score_response

__all__ = [
    "CANONICAL_BASE",
    "FHIR_VERSION",
    "FhirInputError",
    "Issue",
    "all_questionnaires",
    "operation_outcome",
    "parse_resource",
    "questionnaire",
    "questionnaire_url",
    "score_resources",
    "score_response",
]
