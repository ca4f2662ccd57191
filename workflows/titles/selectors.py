"""Reads of the title lifecycle: certificate verification, the winners directory, staff lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy

from workflows.dates import local_today
from workflows.documents.seal import SealStatus, stored_document_seal
from workflows.permissions import user_is_secretariat

from .models import LIVE_STATES, Certificate, PeriodicReview, RecoveryTask, Revocation, Title, TitleState

_is_secretariat = user_is_secretariat


_today = local_today


@dataclass
class CertificateStatus:
    serial_no: str
    status: str  # valid | revoked | expired | unknown
    holder: str = ""
    award: str = ""
    program: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    revoked_on: dt.date | None = None
    revocation_reason: str = ""
    revocation_document: str = ""
    notice_url: str = ""
    seal: SealStatus | None = None  # the electronic seal of the stored PDF, when one was issued

    LABELS = {
        "valid": gettext_lazy("有效"),
        "revoked": gettext_lazy("已撤销"),
        "expired": gettext_lazy("已过有效期"),
        "unknown": gettext_lazy("未查到该证书"),
    }

    @property
    def label(self) -> str:
        return self.LABELS[self.status]

    def as_json(self) -> dict:
        data = {"serial_no": self.serial_no, "status": self.status, "label": self.label}
        if self.status == "unknown":
            return data
        data.update(
            holder=self.holder,
            award=self.award,
            program=self.program,
            valid_from=self.valid_from.isoformat(),
            valid_until=self.valid_until.isoformat(),
        )
        if self.seal is not None:
            data["seal"] = {
                "status": self.seal.status,
                "label": self.seal.label,
                "signer": self.seal.signer,
                "signed_at": self.seal.signed_at.isoformat() if self.seal.signed_at else None,
            }
        if self.status == "revoked":
            data.update(
                revoked_on=self.revoked_on.isoformat() if self.revoked_on else None,
                reason=self.revocation_reason,
                document_no=self.revocation_document,
                notice_url=self.notice_url,
            )
        return data


def certificate_status(serial_no: str) -> CertificateStatus:
    """What the public may know about a certificate serial number."""
    serial_no = (serial_no or "").strip().upper()
    certificate = (
        Certificate.objects.select_related("title__edition__program", "title__revocation__notice_page", "pdf")
        .filter(serial_no=serial_no)
        .first()
        if serial_no
        else None
    )
    if certificate is None:
        return CertificateStatus(serial_no=serial_no, status="unknown")
    title = certificate.title
    result = CertificateStatus(
        serial_no=certificate.serial_no,
        status="valid",
        holder=title.holder_name,
        award=f"{title.edition.title} {title.tier_label}".strip(),
        program=title.edition.program.name,
        valid_from=title.valid_from,
        valid_until=title.valid_until,
        seal=stored_document_seal(certificate.pdf) if certificate.pdf_id else None,
    )
    if title.state == TitleState.REVOKED:
        revocation = getattr(title, "revocation", None)
        result.status = "revoked"
        if revocation is not None:
            result.revoked_on = revocation.decided_on
            result.revocation_reason = f"{revocation.get_trigger_display()}：{revocation.reason}"
            result.revocation_document = f"{revocation.authority} {revocation.document_no}"
            result.notice_url = revocation.notice_page.url if revocation.notice_page_id else ""
    elif title.state == TitleState.EXPIRED or title.valid_until < _today():
        result.status = "expired"
    return result


def public_winners(*, program_slug: str = "", year: int | None = None) -> QuerySet[Title]:
    """Holders of a live title, newest first: the public winners directory (one query)."""
    titles = (
        Title.objects.filter(state__in=LIVE_STATES)
        .select_related("edition__program", "certificate")
        .order_by("-edition__year", "edition__program__name", "tier", "holder_name")
    )
    if program_slug:
        titles = titles.filter(edition__program__slug=program_slug)
    if year:
        titles = titles.filter(edition__year=year)
    return titles


def reviews_for_staff(user, *, due_before: dt.date | None = None) -> QuerySet[PeriodicReview]:
    """Open periodic reviews of live titles, soonest first (secretariat only)."""
    if not _is_secretariat(user):
        return PeriodicReview.objects.none()
    reviews = (
        PeriodicReview.objects.filter(concluded_at__isnull=True, title__state__in=LIVE_STATES)
        .select_related("title__edition__program")
        .order_by("due_on", "id")
    )
    if due_before:
        reviews = reviews.filter(due_on__lte=due_before)
    return reviews


def revocations_for_staff(user) -> QuerySet[Revocation]:
    if not _is_secretariat(user):
        return Revocation.objects.none()
    return (
        Revocation.objects.select_related("title", "notice_page", "ban")
        .prefetch_related(Prefetch("recovery_tasks", queryset=RecoveryTask.objects.order_by("id")))
        .annotate(open_tasks=Count("recovery_tasks", filter=Q(recovery_tasks__completed_at__isnull=True)))
        .order_by("-decided_on", "-id")
    )


def certificate_for_download(user, serial_no: str) -> Certificate | None:
    """The certificate if the user is the holder's member or the secretariat, else None."""
    if not (user and user.is_authenticated):
        return None
    certificate = Certificate.objects.select_related("title", "pdf").filter(serial_no=serial_no).first()
    if certificate is None or certificate.pdf_id is None:
        return None
    if _is_secretariat(user) or certificate.title.organization.memberships.filter(user=user).exists():
        return certificate
    return None


def titles_for_staff(user) -> QuerySet[Title]:
    """Every title with its certificate, for the secretariat's title desk."""
    if not _is_secretariat(user):
        return Title.objects.none()
    return Title.objects.select_related("edition__program", "certificate").order_by("-approval_date", "holder_name")


def programs_with_live_title(organization) -> set[str]:
    """Slugs of the programs in which the organisation holds a live title (not revoked, not expired)."""
    return set(
        Title.objects.filter(organization=organization, state__in=LIVE_STATES).values_list(
            "edition__program__slug", flat=True
        )
    )


def titles_of_member(user) -> QuerySet[Title]:
    """The titles of the organisations the user acts for, with their certificates (the holder's portal)."""
    if not (user and user.is_authenticated):
        return Title.objects.none()
    return (
        Title.objects.filter(organization__memberships__user=user)
        .select_related("edition__program", "certificate")
        .order_by("-approval_date", "holder_name")
    )


def title_of(dossier) -> Title | None:
    """The latest Title conferred on a dossier of any program (with its certificate), or None."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(dossier, for_concrete_model=True)
    return (
        Title.objects.filter(content_type=content_type, object_id=dossier.pk)
        .select_related("certificate")
        .order_by("-pk")
        .first()
    )
