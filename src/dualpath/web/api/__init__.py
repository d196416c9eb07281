"""The JSON API (/api/v1/, django-ninja, OpenAPI 3.1) and the FHIR endpoints (/fhir/).

Both need an API key for POSTs; both answer errors in one documented shape each (the JSON
API's ``{"error": …}``, FHIR's OperationOutcome). See docs/api.md and docs/fhir.md.
"""
