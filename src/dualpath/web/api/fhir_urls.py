"""/fhir/: FHIR R4 endpoints (see fhir_views.py)."""

from django.urls import URLPattern, URLResolver, path

from dualpath.web.api import fhir_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("metadata", fhir_views.capability, name="fhir-metadata"),
    path("Questionnaire", fhir_views.questionnaire_list, name="fhir-questionnaires"),
    path(
        "Questionnaire/<str:instrument_id>",
        fhir_views.questionnaire_read,
        name="fhir-questionnaire",
    ),
    path("QuestionnaireResponse/$score", fhir_views.score, name="fhir-score"),
    path("$assess", fhir_views.assess, name="fhir-assess"),
]
