"""The refusals the domain gives on purpose, and the one mapping from a refusal to HTTP.

Services say why they refuse by what they raise; pages and the API turn that into a status with
`answer_for` alone, so one refusal has one status everywhere. Whatever `answer_for` does not
know is a bug and stays a 500. Django's own refusals (`ValidationError`, `PermissionDenied`,
`Http404`, `DoesNotExist`) map too, so services need not wrap them.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404

Errors = dict[str, list[str]] | list[str]


class DomainError(Exception):
    """A refusal whose kind is its HTTP `status`; `errors` may name the values that were wrong."""

    status = 400

    def __init__(self, message: str = "", *, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.errors = errors


class BadInput(DomainError):
    """What was sent cannot be used: not a number, not one of the choices, missing."""

    status = 400


class RoleRefused(DomainError, PermissionDenied):
    """The user's role may not do this to this object (Django answers it 403 by itself too)."""

    status = 403


class NotVisible(DomainError, Http404):
    """Not there for this user, whether or not it exists (Django answers it 404 by itself too)."""

    status = 404


class Conflict(DomainError):
    """The object's state does not allow this now, or it changed since it was loaded."""

    status = 409


@dataclass(frozen=True)
class Answer:
    status: int
    message: str
    errors: Errors

    def body(self) -> dict:
        """The API's shape: what was wrong with the input on a 400, one `detail` otherwise."""
        if self.status == BadInput.status:
            return {"errors": self.errors}
        return {"detail": self.message}


def answer_for(error: Exception) -> Answer | None:
    """The status and words for a refusal; None for anything else, which the caller re-raises."""
    if isinstance(error, DomainError):
        message = str(error)
        return Answer(error.status, message, error.errors or [message])
    if isinstance(error, ValidationError):
        errors = error.message_dict if hasattr(error, "error_dict") else error.messages
        return Answer(BadInput.status, " ".join(error.messages), errors)
    if isinstance(error, PermissionDenied):
        message = str(error) or "Your role may not do this."
        return Answer(RoleRefused.status, message, [message])
    if isinstance(error, Http404 | ObjectDoesNotExist):
        # A raised 404 says what is missing; a failed lookup's own words only name a model.
        message = (isinstance(error, Http404) and str(error)) or "Not found, or not yours to see."
        return Answer(NotVisible.status, message, [message])
    return None
