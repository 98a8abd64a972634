"""The lifecycle every governed set shares (field definitions, source mappings): a draft with a
change note, sent for review by its author, published by someone else, retired when superseded.

Who may do what is `accounts.policies` (`<kind>.submit`, `.approve`, `.retire`); the services
here check it again, so a page, the API or a task cannot skip it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.errors import Conflict, RoleRefused
from accounts.models import User
from accounts.policies import allows
from governance.models import GovernedVersion, PromptState


def require(user: User, action: str, version: GovernedVersion | None, message: str) -> None:
    """Refuse with a 403 unless the policy allows `action` on `version`."""
    if not allows(user, action, version):
        raise RoleRefused(message)


def require_state(version: GovernedVersion, state: str, message: str) -> None:
    if version.state != state:
        raise Conflict(message)


def next_number(model: type[GovernedVersion]) -> int:
    return (model.objects.aggregate(latest=Max("number"))["latest"] or 0) + 1


def published(model: type[GovernedVersion]) -> GovernedVersion | None:
    return model.objects.filter(state=PromptState.PUBLISHED).first()


def submit(version: GovernedVersion, *, kind: str, by: User) -> GovernedVersion:
    """The author asks for review; from here someone else may publish it."""
    require(by, f"{kind}.submit", version, "Only its author sends a draft for review.")
    require_state(version, PromptState.DRAFT, "Only a draft can be sent for review.")
    if not version.change_note.strip():
        raise ValidationError({"change_note": "Say what changed and why before review."})
    version.state, version.submitted_at = PromptState.IN_REVIEW, timezone.now()
    version.save(update_fields=["state", "submitted_at"])
    return version


@transaction.atomic
def publish(version: GovernedVersion, *, kind: str, by: User) -> GovernedVersion:
    """Make this the version in force, retiring the one before it. Refused for the author,
    and for a draft started from a version that is no longer the published one (publishing it
    would silently undo what was published since)."""
    model = type(version)
    locked = list(model.objects.select_for_update().filter(state=PromptState.PUBLISHED))
    version.refresh_from_db()
    require(
        by,
        f"{kind}.approve",
        version,
        "Publishing needs an approver other than the author. Ask a colleague to publish it.",
    )
    require_state(version, PromptState.IN_REVIEW, "Only a version in review can be published.")
    current = locked[0] if locked else None
    if current is not None and version.based_on_id not in (None, current.pk):
        raise Conflict(
            f"{current} was published after this draft started from v{version.based_on.number}."
            " Start a new draft from the published version and make the change there."
        )
    now = timezone.now()
    model.objects.filter(state=PromptState.PUBLISHED).update(
        state=PromptState.RETIRED, retired_at=now
    )
    version.state, version.approved_by, version.published_at = PromptState.PUBLISHED, by, now
    version.save(update_fields=["state", "approved_by", "published_at"])
    return version


def retire(version: GovernedVersion, *, kind: str, by: User) -> GovernedVersion:
    """Set aside a draft (its author) or a version in review (its author or an approver). The
    published version is retired only by publishing its successor."""
    if version.state == PromptState.PUBLISHED:
        raise Conflict("The published version is retired by publishing another one.")
    if version.state == PromptState.RETIRED:
        raise Conflict("This version is already retired.")
    require(
        by,
        f"{kind}.retire",
        version,
        "Only its author, or an approver once it is in review, sets a version aside.",
    )
    version.state, version.retired_at = PromptState.RETIRED, timezone.now()
    version.save(update_fields=["state", "retired_at"])
    return version
