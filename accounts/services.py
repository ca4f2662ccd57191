"""Writes for users and organisations."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from workflows.exceptions import WorkflowError

from .credit_code import normalize_credit_code
from .models import Membership, Organization, RoleGrant, User
from .roles import Role

EMAIL_TOKEN_SALT = "accounts.email-verification"
EMAIL_TOKEN_MAX_AGE = 3 * 24 * 3600


class OrganizationTaken(WorkflowError):
    default_message = (
        "该统一社会信用代码已注册，请联系本单位管理员添加您为成员。"
        " This credit code is already registered; ask your organisation's admin to add you."
    )


class BadVerificationLink(WorkflowError):
    default_message = "验证链接无效或已过期。The verification link is invalid or has expired."


def register_enterprise(
    *, username: str, email: str, password: str, full_name: str, phone: str, organization_fields: dict
) -> User:
    """Create an inactive user, its organisation and membership; email a verification link.

    Anyone may call it (public self-registration). Raises OrganizationTaken when the credit
    code is already registered. The user can log in only after verifying the email.
    """
    code = normalize_credit_code(organization_fields["credit_code"])
    with transaction.atomic():
        if Organization.objects.filter(credit_code=code).exists():
            raise OrganizationTaken()
        user = User.objects.create_user(
            username=username, email=email, password=password, full_name=full_name, phone=phone, is_active=False
        )
        try:
            with transaction.atomic():
                organization = Organization.objects.create(**{**organization_fields, "credit_code": code})
        except IntegrityError:
            raise OrganizationTaken() from None
        Membership.objects.create(user=user, organization=organization, is_admin=True)
        RoleGrant.objects.create(user=user, role=Role.APPLICANT)
        transaction.on_commit(lambda: send_verification_email(user))
    return user


def verification_token(user: User) -> str:
    return signing.dumps({"uid": user.pk, "email": user.email}, salt=EMAIL_TOKEN_SALT)


def send_verification_email(user: User) -> None:
    link = settings.SITE_URL + reverse("accounts:verify_email", args=[verification_token(user)])
    send_mail(
        subject="请验证您的邮箱 Please verify your email",
        message=(
            f"{user.full_name or user.username}，您好：\n\n请打开以下链接完成注册：\n{link}\n\n"
            f"Open the link above to finish your registration. It is valid for 3 days."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def verify_email(token: str) -> User:
    """Activate the account the token was issued for. Raises BadVerificationLink."""
    try:
        data = signing.loads(token, salt=EMAIL_TOKEN_SALT, max_age=EMAIL_TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise BadVerificationLink() from None
    user = User.objects.filter(pk=data.get("uid"), email=data.get("email")).first()
    if user is None:
        raise BadVerificationLink()
    user.is_active = True
    user.email_verified = True
    user.save(update_fields=["is_active", "email_verified"])
    return user


STAFF_GROUP_NAME = "secretariat"  # internal code name, never shown translated
STAFF_MODEL_PERMISSIONS = {
    # Every model the secretariat edits as a Wagtail snippet (app label -> model names).
    "workflows": ["program", "edition", "calendaroverride", "criteriaframework"],
    "accounts": ["organization", "rolegrant"],
    "awards": ["awardeditionsettings"],
    "eligibility": ["eligibilityrule", "ban"],
    "review": ["reviewsettings", "expertprofile", "pastemployment", "consultancytie", "avoidancerequest"],
    "titles": ["titlerules"],
    "brands": ["zonerules", "indicatormethod"],
    "wagtaildocs": ["document"],
    "wagtailimages": ["image"],
}


def ensure_staff_group():
    """The Wagtail group that gives secretariat users the admin and its workflow screens."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page

    group, _ = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    perms = list(Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))
    for app_label, models_ in STAFF_MODEL_PERMISSIONS.items():
        perms += list(Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=models_))
    group.permissions.add(*perms)
    root = Page.get_first_root_node()
    if root is not None:
        for codename in ("add_page", "change_page", "publish_page", "delete_page"):
            permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
            if permission:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    return group


def sync_staff_group(user: User) -> None:
    """Keep Wagtail admin access in step with the user's secretariat/site-admin grants."""
    from .roles import STAFF_ROLES

    is_staff_role = user.role_grants.filter(role__in=STAFF_ROLES).exists()
    group = ensure_staff_group()
    if is_staff_role:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    if user.is_staff != is_staff_role and not user.is_superuser:
        user.is_staff = is_staff_role
        user.save(update_fields=["is_staff"])
