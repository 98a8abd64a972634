"""One mapping from a refusal to an HTTP status, for pages and the API alike."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework.exceptions import NotAuthenticated

from accounts.api_errors import api_exception_handler
from accounts.errors import BadInput, Conflict, NotVisible, RoleRefused, answer_for
from accounts.models import User


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (BadInput("Rating: Enter a whole number."), 400),
        (ValidationError("Write something first."), 400),
        (ValidationError({"body": "Write something first."}), 400),
        (RoleRefused("Only the packet's CSM reviews it."), 403),
        (PermissionDenied("Only the packet's CSM reviews it."), 403),
        (NotVisible("No such packet."), 404),
        (Http404("No such packet."), 404),
        (User.DoesNotExist("User matching query does not exist."), 404),
        (Conflict("Start the review first."), 409),
    ],
)
def test_each_kind_of_refusal_has_one_status(error, status):
    assert answer_for(error).status == status


@pytest.mark.parametrize("error", [ValueError("bug"), KeyError("bug"), RuntimeError()])
def test_anything_else_is_no_answer_so_it_stays_a_500(error):
    assert answer_for(error) is None


def test_bad_input_names_the_values_and_the_rest_say_why():
    invalid = answer_for(ValidationError({"body": "Write something first."}))
    conflict = answer_for(Conflict("Someone else claimed this packet first."))

    assert invalid.body() == {"errors": {"body": ["Write something first."]}}
    assert invalid.message == "Write something first."
    assert conflict.body() == {"detail": "Someone else claimed this packet first."}


def test_a_failed_lookup_does_not_name_its_model():
    answer = answer_for(User.DoesNotExist("User matching query does not exist."))

    assert "User" not in answer.message


def test_django_answers_the_access_refusals_by_itself():
    """Raised outside any mapping (a view's own check), they still answer 403 and 404."""
    assert isinstance(RoleRefused("no"), PermissionDenied)
    assert isinstance(NotVisible("no"), Http404)


def test_the_api_handler_answers_with_the_mapping():
    conflict = api_exception_handler(Conflict("The packet changed."), {})
    invalid = api_exception_handler(ValidationError({"reason": "Say why."}), {})

    assert (conflict.status_code, conflict.data) == (409, {"detail": "The packet changed."})
    assert (invalid.status_code, invalid.data) == (400, {"errors": {"reason": ["Say why."]}})


def test_the_api_handler_leaves_drf_errors_to_drf_and_bugs_to_a_500():
    assert api_exception_handler(NotAuthenticated(), {}).status_code == 401
    assert api_exception_handler(ValueError("bug"), {}) is None
