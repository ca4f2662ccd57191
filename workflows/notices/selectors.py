"""Reads of the notice workflow, permission-filtered. Candidates' states are read live."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from workflows import desks, programs
from workflows.permissions import user_is_secretariat

from .models import NoticeCandidate, Objection, ObjectionFile, PublicNotice

_is_secretariat = user_is_secretariat


def notice_for_page(page) -> PublicNotice | None:
    return PublicNotice.objects.filter(page_id=page.pk).select_related("edition").first()


@dataclass
class NoticeLine:
    id: int
    published_name: str
    tier_label: str
    profile: str
    status_label: str
    # The desk's approval form is offered (the government's decision may be recorded now).
    may_record_approval: bool = False


# The notice desk's moves on a candidate: the contract's transition names (docs/programs.md), offered
# when django-fsm allows one of them to the user now.
APPROVAL_TRANSITIONS = ("award", "decline_award")


def notice_lines(notice: PublicNotice, user=None) -> list[NoticeLine]:
    """The candidates of a notice with their live public status (one query per dossier type).

    With `user` (the secretariat's desk) each line says whether its approval may be recorded now.
    """
    lines = notice.candidates.select_related("content_type").prefetch_related("candidate").order_by("position", "id")
    result = []
    memo: dict = {}
    for line in lines:
        candidate = line.candidate
        program = programs.program_for(candidate) if candidate is not None else None
        label = program.label_of(candidate) if program else ""
        result.append(
            NoticeLine(
                id=line.pk,
                published_name=line.published_name,
                tier_label=line.tier_label,
                profile=line.profile,
                status_label=str(label),
                may_record_approval=bool(
                    user is not None
                    and candidate is not None
                    and desks.allowed(candidate, user, APPROVAL_TRANSITIONS, memo=memo)
                ),
            )
        )
    return result


def may_close_notice(notice: PublicNotice, user) -> bool:
    """The notice desk's "close" button: an open notice, for the secretariat."""
    return notice.status == PublicNotice.Status.OPEN and _is_secretariat(user)


def open_notice_candidate(candidate_line_id: int) -> NoticeCandidate | None:
    return NoticeCandidate.objects.select_related("notice", "notice__page").filter(pk=candidate_line_id).first()


def notice_with_candidates(notice_id: int) -> PublicNotice | None:
    return (
        PublicNotice.objects.select_related("edition", "page")
        .prefetch_related(Prefetch("candidates", queryset=NoticeCandidate.objects.order_by("position", "id")))
        .filter(pk=notice_id)
        .first()
    )


# --- the secretariat --------------------------------------------------------------------------


def objections_for_staff(user, *, status: str | None = None) -> QuerySet[Objection]:
    """Every objection with the objector's identity: the secretariat only, nobody else."""
    if not _is_secretariat(user):
        return Objection.objects.none()
    objections = Objection.objects.select_related("notice", "notice_candidate", "verifier").order_by(
        "status", "verification_deadline", "-submitted_at"
    )
    if status:
        objections = objections.filter(status=status)
    return objections


def objection_for_staff(user, objection_id: int) -> Objection | None:
    if not _is_secretariat(user):
        return None
    return (
        Objection.objects.select_related("notice", "notice_candidate", "verifier")
        .prefetch_related(Prefetch("files", queryset=ObjectionFile.objects.select_related("document")))
        .filter(pk=objection_id)
        .first()
    )


def objection_file_for_staff(user, file_id: int) -> ObjectionFile | None:
    if not _is_secretariat(user):
        return None
    return ObjectionFile.objects.select_related("document").filter(pk=file_id).first()


def notices_for_staff(user) -> QuerySet[PublicNotice]:
    if not _is_secretariat(user):
        return PublicNotice.objects.none()
    return (
        PublicNotice.objects.select_related("edition", "page")
        .annotate(
            candidate_count=Count("candidates", distinct=True),
            open_objection_count=Count(
                "objections", filter=Q(objections__status__in=Objection.OPEN_STATUSES), distinct=True
            ),
        )
        .order_by("-opens_at", "-id")
    )


# --- the candidate --------------------------------------------------------------------------


@dataclass
class ObjectionSummary:
    """What a candidate may know about an objection against it: never who filed it."""

    candidate_name: str
    grounds: str
    status: str
    received_on: str
    verification_last_day: object


def objections_against_my_organizations(user) -> list[ObjectionSummary]:
    """Accepted objections against dossiers of the user's organisations, without identity fields."""
    if not (user and user.is_authenticated):
        return []
    rows = (
        Objection.objects.filter(notice_candidate__organization__memberships__user=user)
        .exclude(status__in=Objection.REJECTED_STATUSES)
        .select_related("notice_candidate")
        .only("grounds", "status", "submitted_at", "verification_deadline", "notice_candidate__published_name")
        .order_by("-submitted_at")
    )
    return [
        ObjectionSummary(
            candidate_name=row.notice_candidate.published_name,
            grounds=row.get_grounds_display(),
            status=row.get_status_display(),
            received_on=f"{timezone.localtime(row.submitted_at):%Y-%m-%d}",
            verification_last_day=row.verification_last_day,
        )
        for row in rows
    ]


# --- opening a notice ---------------------------------------------------------------------------


def proposed_candidates(edition) -> list:
    """Proposed dossiers of an edition, whatever their program, keyed 'content_type_id:pk'."""
    from django.contrib.contenttypes.models import ContentType

    result = []
    for program in programs.with_notice():
        content_type = ContentType.objects.get_for_model(program.model)
        queryset = program.model._default_manager.filter(edition=edition, state=program.states.proposed)
        for dossier in queryset.select_related("organization"):
            result.append((f"{content_type.pk}:{dossier.pk}", dossier))
    return result


def editions_with_proposed_candidates() -> list:
    from workflows.models import Edition

    edition_ids = set()
    for program in programs.with_notice():
        edition_ids.update(
            program.model._default_manager.filter(state=program.states.proposed).values_list("edition_id", flat=True)
        )
    return list(Edition.objects.filter(pk__in=edition_ids).select_related("program").order_by("-year"))


def notice_lines_of(dossier) -> list[NoticeCandidate]:
    """The dossier's lines on public notices of any program, the latest first (with their notice)."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(dossier, for_concrete_model=True)
    return list(
        NoticeCandidate.objects.filter(content_type=content_type, object_id=dossier.pk)
        .select_related("notice")
        .order_by("-notice__opens_at", "-pk")
    )
