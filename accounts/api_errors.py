"""DRF's side of the one refusal mapping: every API view answers a refusal the same way.

Set as REST_FRAMEWORK["EXCEPTION_HANDLER"], so views raise and never catch per error type.
DRF's own exceptions (serializer errors, authentication) keep DRF's answers.
"""

from typing import Any

from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from accounts.errors import answer_for


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The status and body `answer_for` gives; None (a 500) for what is not a refusal."""
    answer = None if isinstance(exc, APIException) else answer_for(exc)
    if answer is None:
        return exception_handler(exc, context)
    set_rollback()
    return Response(answer.body(), status=answer.status)
