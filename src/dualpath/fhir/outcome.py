"""OperationOutcome: the one way dualpath's FHIR side says what is wrong and where.

Each issue carries a FHIRPath ``expression`` (``QuestionnaireResponse.item[2].answer[0]``) so
a sender can point at the exact element; pydantic error locations are translated to FHIRPath.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError

__all__ = ["FhirInputError", "Issue", "fhirpath", "issues_from_validation", "operation_outcome"]

Severity = Literal["fatal", "error", "warning", "information"]


@dataclass(frozen=True)
class Issue:
    """One problem. ``code`` is from the FHIR issue-type value set (invalid, required, …)."""

    message: str
    expression: str | None = None
    code: str = "invalid"
    severity: Severity = "error"

    def to_fhir(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "severity": self.severity,
            "code": self.code,
            "diagnostics": self.message,
        }
        if self.expression:
            data["expression"] = [self.expression]
        return data


@dataclass
class FhirInputError(Exception):
    """A resource dualpath cannot accept; ``issues`` say what and where."""

    issues: list[Issue] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(
            f"{i.expression}: {i.message}" if i.expression else i.message for i in self.issues
        )

    def outcome(self) -> dict[str, Any]:
        return operation_outcome(self.issues)


def operation_outcome(issues: Iterable[Issue]) -> dict[str, Any]:
    listed = [issue.to_fhir() for issue in issues]
    if not listed:
        listed = [Issue("all ok", severity="information", code="informational").to_fhir()]
    return {"resourceType": "OperationOutcome", "issue": listed}


def fhirpath(root: str, loc: Sequence[str | int]) -> str:
    """``('item', 2, 'answer', 0, 'valueCoding')`` → ``Root.item[2].answer[0].valueCoding``."""
    path = root
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "resource_type":
            path += ".resourceType"
        elif part.endswith("__ext"):
            path += f".{part[:-5]}.extension"
        elif part.isidentifier():
            path += f".{part}"
        # pydantic adds union/validator tags such as "function-after[...]": not a FHIR element
    return path


def _error_code(kind: str) -> str:
    if "missing" in kind:
        return "required"
    if kind == "extra_forbidden":
        return "structure"
    return "value" if "parsing" in kind or "type" in kind else "invalid"


def issues_from_validation(root: str, error: ValidationError) -> list[Issue]:
    """Turn a fhir.resources validation error into issues with FHIRPath expressions."""
    issues: list[Issue] = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        message = str(detail["msg"]).replace("\n", " ")
        message = " ".join(message.split())
        if detail["type"] == "extra_forbidden" and loc:
            message = f"unknown element {loc[-1]!r}"
        issues.append(Issue(message, fhirpath(root, loc), _error_code(str(detail["type"]))))
    return issues
