"""Writes for people: invitations and access changes, made by RevOps admins."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import BusinessUnit, Role, User

ROLES_IN_A_BUSINESS_UNIT = frozenset({Role.AE, Role.CSM})


def password_set_link(user: User) -> str:
    """A one-time link to allauth's set-password page, valid until the password changes."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def user_invite(
    *, email: str, full_name: str, role: str, business_unit: BusinessUnit | None, invited_by: User
) -> User:
    """Create a user without a password and e-mail them a link to choose one."""
    if role in ROLES_IN_A_BUSINESS_UNIT and business_unit is None:
        raise ValidationError({"business_unit": "AEs and CSMs belong to a business unit."})
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Someone with this e-mail address is already on the team."})
    user = User.objects.create_user(
        email=email,
        password=None,
        full_name=full_name.strip(),
        role=role,
        business_unit=business_unit,
    )
    context = {"user": user, "invited_by": invited_by, "link": password_set_link(user)}
    transaction.on_commit(
        lambda: send_mail(
            subject=f"{invited_by.full_name} invited you to Handbrief",
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    )
    return user


def user_set_active(*, user: User, active: bool, by: User) -> User:
    """Switch a user's access on or off; nobody can lock themselves out."""
    if user.pk == by.pk and not active:
        raise ValidationError("You cannot deactivate your own account.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user
