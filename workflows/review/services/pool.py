"""The expert pool: importing experts from the checked spreadsheet rows, inviting them, their acceptance.

See docs/expert-pool-import.md: an import is all or nothing, an imported expert's account stays inactive
(so the draw never picks them) until they open the invitation link and set a password.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import RoleGrant, User
from accounts.roles import Role

from ..exceptions import ReviewError
from ..models import ConsultancyTie, ExpertProfile, PastEmployment
from ..pool_sheet import RowError
from ._common import _require_staff


class PoolImportRejected(ReviewError):
    """Some rows cannot be imported; nothing was. ``errors`` name the rows and columns."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(_("有%(n)d处错误，未导入任何专家。") % {"n": len(errors)})


class BadInvitationLink(ReviewError):
    default_message = gettext_lazy("邀请链接无效、已使用或已过期，请联系评审办重新发送。")


class InvitationTokens(PasswordResetTokenGenerator):
    """One-time: the token covers the password hash, so it stops working once the expert sets one."""

    key_salt = "workflows.review.expert-invitation"


invitation_tokens = InvitationTokens()


def taken_emails(emails) -> set[str]:
    wanted = {e.lower() for e in emails if e}
    return {e.lower() for e in User.objects.filter(email__in=wanted).values_list("email", flat=True)} | {
        u.lower() for u in User.objects.filter(username__in=wanted).values_list("username", flat=True)
    }


def import_experts(rows: list[dict], *, actor) -> list[ExpertProfile]:
    """Create one inactive expert account, profile, past employments and ties per checked row.

    Secretariat only (NotPermitted otherwise). One transaction: when any row's address has been taken since
    the preview, PoolImportRejected names those rows and nothing is created. Invitations go after commit.
    """
    _require_staff(actor)
    with transaction.atomic():
        taken = taken_emails(r["email"] for r in rows)
        clashes = [
            RowError(r["row"], _("邮箱"), _("该邮箱已有账号，不能重复导入。")) for r in rows if r["email"] in taken
        ]
        if clashes:
            raise PoolImportRejected(clashes)
        profiles = []
        try:
            for row in rows:
                profiles.append(_create_expert(row))
        except IntegrityError:  # a concurrent import took an address between the check and the insert
            raise PoolImportRejected([RowError(0, _("邮箱"), _("有邮箱刚被其他导入占用，请重新预览。"))]) from None
        users = [p.user for p in profiles]
        transaction.on_commit(lambda: [send_expert_invitation(u) for u in users])
    return profiles


def _create_expert(row: dict) -> ExpertProfile:
    user = User(
        username=row["email"], email=row["email"], full_name=row["full_name"], phone=row["phone"], is_active=False
    )
    user.set_unusable_password()
    with transaction.atomic():
        user.save()
    RoleGrant.objects.create(user=user, role=Role.EXPERT)
    profile = ExpertProfile.objects.create(
        user=user,
        specialties=row["specialties"],
        region_code=row["region_code"],
        employer_name=row["employer_name"],
        employer_credit_code=row["employer_credit_code"],
        employer_group=row["employer_group"],
        titles=row["titles"],
        qualifications=row["qualifications"],
    )
    PastEmployment.objects.bulk_create(
        PastEmployment(
            expert=profile,
            organization_name=p["organization_name"],
            credit_code=p["credit_code"],
            ended_on=dt.date.fromisoformat(p["ended_on"]),
        )
        for p in row["past_employments"]
    )
    ConsultancyTie.objects.bulk_create(
        ConsultancyTie(
            expert=profile,
            kind=t["kind"],
            organization_name=t["organization_name"],
            credit_code=t["credit_code"],
            ended_on=dt.date.fromisoformat(t["ended_on"]) if t["ended_on"] else None,
        )
        for t in row["ties"]
    )
    return profile


def invitation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse("review:accept_invitation", args=[uid, invitation_tokens.make_token(user)])


def send_expert_invitation(user: User) -> None:
    send_mail(
        subject=_("邀请您加入评审专家库"),
        message=_(
            "%(name)s，您好：\n\n评审办已将您列入质量奖评审专家库。请打开以下链接确认并设置登录密码：\n%(link)s\n\n"
            "登录名为本邮箱。链接仅可使用一次，%(days)d天内有效。确认前您不会被抽取参加评审。"
        )
        % {"name": user.full_name, "link": invitation_link(user), "days": settings.PASSWORD_RESET_TIMEOUT // 86400},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def resend_invitation(user: User, *, actor) -> None:
    """Send the invitation again to an expert who has not accepted yet. Secretariat only."""
    _require_staff(actor)
    if user.is_active or user.has_usable_password():
        raise ReviewError(_("该专家已接受邀请。"))
    transaction.on_commit(lambda: send_expert_invitation(user))


def invited_user(uidb64: str, token: str) -> User:
    """The expert a valid, unused invitation link was issued to; raises BadInvitationLink."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        raise BadInvitationLink() from None
    user = User.objects.filter(pk=pk, role_grants__role=Role.EXPERT).first()
    if user is None or user.has_usable_password() or not invitation_tokens.check_token(user, token):
        raise BadInvitationLink()
    return user


def accept_invitation(uidb64: str, token: str, *, password: str) -> User:
    """The expert confirms: sets a password; the account becomes active (and drawable). Raises BadInvitationLink."""
    with transaction.atomic():
        user = invited_user(uidb64, token)
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.has_usable_password():
            raise BadInvitationLink()
        user.set_password(password)
        user.is_active = True
        user.email_verified = True
        user.save(update_fields=["password", "is_active", "email_verified"])
    return user
