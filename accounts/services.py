"""Writes for users and organisations."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import tasks
from .credit_code import CreditCodeError, check_credit_code, normalize_credit_code
from .exceptions import UserError
from .models import ExternalIdentity, Membership, Organization, RoleGrant, User
from .resident_id import ResidentIdError, check_resident_id
from .roles import STAFF_ROLES, Role

EMAIL_TOKEN_SALT = "accounts.email-verification"
EMAIL_TOKEN_MAX_AGE = 3 * 24 * 3600


class OrganizationTaken(UserError):
    default_message = _("该统一社会信用代码已注册，请联系本单位管理员添加您为成员。")


class BadVerificationLink(UserError):
    default_message = _("验证链接无效或已过期。")


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
        # Sent by the worker after commit, like every other email (never by a web node).
        transaction.on_commit(lambda: tasks.send_verification_email.delay(user.pk))
    return user


def verification_token(user: User) -> str:
    return signing.dumps({"uid": user.pk, "email": user.email}, salt=EMAIL_TOKEN_SALT)


def send_verification_email(user: User) -> None:
    link = settings.SITE_URL + reverse("accounts:verify_email", args=[verification_token(user)])
    send_mail(
        subject=gettext("请验证您的邮箱"),
        message=(
            gettext("%(value)s，您好：\n\n请打开以下链接完成注册（3天内有效）：\n%(link)s\n")
            % {"value": user.full_name or user.username, "link": link}
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


class NotAMember(UserError):
    default_message = "您不是该单位的成员。"


PROFILE_FIELDS = (
    "founded_on",
    "region_code",
    "industry_code",
    "address",
    "legal_representative",
    "contact_name",
    "contact_phone",
)


def may_edit_organization(user: User, organization: Organization) -> bool:
    """Members of the organisation keep its profile; staff correct it in the admin."""
    return user.is_authenticated and organization.memberships.filter(user=user).exists()


def update_organization_profile(organization: Organization, *, user: User, data: dict) -> Organization:
    """Save the applicant-maintained profile fields (PROFILE_FIELDS); other keys are ignored.

    Members of the organisation only; raises NotAMember otherwise.
    """
    if not may_edit_organization(user, organization):
        raise NotAMember()
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        changed = [name for name in PROFILE_FIELDS if name in data and getattr(locked, name) != data[name]]
        for name in changed:
            setattr(locked, name, data[name])
        if changed:
            locked.save(update_fields=changed)
    return locked


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


# --- Single sign-on (统一身份认证) ---------------------------------------------------------------


class SingleSignOnRefused(UserError):
    default_message = _("统一身份认证登录未成功，请重试或联系评审办。")


@dataclass(frozen=True)
class IdentityClaims:
    """What the identity provider says about the person, already mapped from its claim names."""

    issuer: str
    subject: str
    full_name: str = ""
    phone: str = ""
    id_number: str = ""
    credit_code: str = ""
    organization_name: str = ""


def _organization_kind_from_credit_code(code: str) -> str:
    """Positions 1-2 of the code name the registering authority and category (docs/single-sign-on.md)."""
    kinds = {
        "11": Organization.Kind.LOCAL_GOVERNMENT,
        "12": Organization.Kind.INSTITUTION,
        "5": Organization.Kind.ASSOCIATION,
    }
    return kinds.get(code[:2]) or kinds.get(code[:1]) or Organization.Kind.ENTERPRISE


def _mask_id_number(number: str) -> str:
    return f"{number[:4]}{'*' * 10}{number[-4:]}" if number else ""


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def _checked_claims(claims: IdentityClaims) -> IdentityClaims:
    if not claims.subject:
        raise SingleSignOnRefused(_("身份提供方未返回用户标识。"))
    credit_code = ""
    if claims.credit_code:
        try:
            credit_code = check_credit_code(claims.credit_code).code
        except CreditCodeError as exc:
            raise SingleSignOnRefused(
                _("统一身份认证返回的统一社会信用代码无效：%(reason)s") % {"reason": exc}
            ) from None
    id_number = ""
    if claims.id_number:
        try:
            id_number = check_resident_id(claims.id_number)
        except ResidentIdError as exc:
            raise SingleSignOnRefused(_("统一身份认证返回的身份证号码无效：%(reason)s") % {"reason": exc}) from None
    return replace(claims, credit_code=credit_code, id_number=id_number, phone=claims.phone.strip())


def _linkable_local_user(claims: IdentityClaims) -> User | None:
    """A locally registered applicant of the claimed organisation with the same mobile number.

    Staff and experts are never linked: they keep their own passwords and one-time codes.
    """
    if not (claims.credit_code and claims.phone):
        return None
    candidates = [
        user
        for user in User.objects.filter(
            memberships__organization__credit_code=claims.credit_code, is_active=True
        ).exclude(role_grants__role__in=[*STAFF_ROLES, Role.EXPERT, Role.COMMITTEE, Role.RECOMMENDER])
        if _digits(user.phone) == _digits(claims.phone)
        and not user.external_identities.filter(issuer=claims.issuer).exists()
    ]
    return candidates[0] if len(candidates) == 1 else None


def sign_in_with_identity(claims: IdentityClaims) -> User:
    """The user for a login through the identity provider: found, linked or created.

    Later logins find the user by (issuer, subject). A first login links a local applicant of
    the claimed organisation with the same mobile number, or creates a user without a usable
    password. With a credit code in the claims the user becomes a member (and applicant) of that
    organisation, which is created from the claims when it is not registered yet. Called by the
    OpenID Connect backend only. Raises SingleSignOnRefused for claims that cannot be used or a
    deactivated account.
    """
    claims = _checked_claims(claims)
    with transaction.atomic():
        identity = (
            ExternalIdentity.objects.select_for_update()
            .select_related("user")
            .filter(issuer=claims.issuer, subject=claims.subject)
            .first()
        )
        if identity is not None:
            user = identity.user
            if not user.is_active:
                raise SingleSignOnRefused(_("该账号已停用，请联系评审办。"))
        else:
            user = _linkable_local_user(claims) or _new_single_sign_on_user(claims)
            identity = ExternalIdentity(user=user, issuer=claims.issuer, subject=claims.subject)
        changed = [
            name
            for name, value in (("full_name", claims.full_name), ("phone", claims.phone))
            if value and getattr(user, name) != value
        ]
        for name in changed:
            setattr(user, name, getattr(claims, name))
        if changed:
            user.save(update_fields=changed)
        identity.id_number_masked = _mask_id_number(claims.id_number) or identity.id_number_masked
        identity.credit_code = claims.credit_code
        identity.last_login_at = timezone.now()
        identity.save()
        if claims.credit_code:
            _join_claimed_organization(user, claims)
    return user


def _new_single_sign_on_user(claims: IdentityClaims) -> User:
    digest = hashlib.sha256(f"{claims.issuer}|{claims.subject}".encode()).hexdigest()[:16]
    user = User(username=f"sso-{digest}", full_name=claims.full_name, phone=claims.phone, is_active=True)
    user.set_unusable_password()
    user.save()
    return user


def _join_claimed_organization(user: User, claims: IdentityClaims) -> None:
    organization = Organization.objects.select_for_update().filter(credit_code=claims.credit_code).first()
    created = organization is None
    if created:
        if not claims.organization_name:
            raise SingleSignOnRefused(_("统一身份认证未返回单位名称，无法建立单位档案，请联系评审办。"))
        organization = Organization.objects.create(
            kind=_organization_kind_from_credit_code(claims.credit_code),
            name=claims.organization_name,
            credit_code=claims.credit_code,
            region_code=claims.credit_code[2:8],
            contact_name=claims.full_name,
            contact_phone=claims.phone,
        )
    Membership.objects.get_or_create(user=user, organization=organization, defaults={"is_admin": created})
    RoleGrant.objects.get_or_create(user=user, role=Role.APPLICANT, region_code="")
