"""The scaffold of the pages over governed versions (field definitions, source mappings).

Every act on a version finds it (404 otherwise), calls a service that checks the policy and
the state, and answers a refusal on the version's own page with the status `accounts.errors`
gives (403 role, 409 state, 400 input), so no view maps errors of its own.
"""

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.errors import BadInput, NotVisible, answer_for
from accounts.policies import requires
from governance.models import GovernedVersion

Page = Callable[..., HttpResponse]


def version_action(load: Callable[[int], GovernedVersion], page: Page, detail: str) -> Callable:
    """Decorate an act on a version: `view(request, version, **kwargs)` returns the success
    message and the browser goes back to the version's page (the `detail` URL name), or gets
    that page with the refusal and its status."""

    def decorator(view: Callable[..., str]) -> Callable[..., HttpResponse]:
        @require_POST
        @requires("governance.view")
        @wraps(view)
        def act(request: HttpRequest, pk: int, **kwargs) -> HttpResponse:
            version = find(load, pk)
            try:
                done = view(request, version, **kwargs)
            except Exception as error:
                answer = answer_for(error)
                if answer is None:
                    raise
                return page(request, find(load, pk), status=answer.status, refusal=answer.message)
            messages.success(request, done)
            return redirect(detail, pk=pk)

        return act

    return decorator


def find(load: Callable[[int], GovernedVersion], pk: int) -> GovernedVersion:
    try:
        return load(pk)
    except ObjectDoesNotExist:
        raise NotVisible("No such version.") from None


def cleaned(request: HttpRequest, form: forms.Form) -> dict:
    """A form's values, or a 400 naming what is wrong (the page shows it with the form)."""
    if not form.is_valid():
        raise BadInput(
            " ".join(
                f"{form[name].label}: {error}" if name in form.fields else error
                for name, errors in form.errors.items()
                for error in errors
            )
        )
    return form.cleaned_data
