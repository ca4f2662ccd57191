"""Writes of the notice workflow: open a notice, file and decide objections, close, record approval.

Candidates are duck-typed dossiers (see models.py); every state change goes through
workflows.services.perform_transition. Page publication runs after commit (tasks.py).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext

from accounts.credit_code import CreditCodeError, check_credit_code, normalize_credit_code
from accounts.resident_id import ResidentIdError, check_resident_id
from workflows import programs
from workflows.dates import local_today
from workflows.documents.services import store_document
from workflows.exceptions import TransitionNotAllowed
from workflows.programs import ProgramStates
from workflows.services import perform_transition
from workflows.workdays import SHANGHAI, CalendarDataMissing, add_working_days, edition_notice_window, end_of_day

from .exceptions import (
    CandidateNotPendingApproval,
    CandidateNotProposed,
    MixedEditions,
    NoCandidates,
    NoticeAlreadyClosed,
    NoticeNotOpenYet,
    NoticeWindowNotOver,
    ObjectionAlreadyDecided,
    ObjectionStillOpen,
)
from .models import NoticeCandidate, Objection, ObjectionFile, PublicNotice

PROFILE_CHARS_ON_NOTICE = 300


def _states(candidate) -> ProgramStates:
    """The candidate's program's state groups (docs/programs.md); a dossier of no program is refused."""
    program = programs.program_for(candidate)
    if program is None:
        raise TransitionNotAllowed()
    return program.states


_CHINESE_ORDINALS = dict(enumerate("一二三四五六七八九十", start=1))


def _default_subject(edition) -> str:
    """What a notice's title says it notices, by the kind of its program (a zone's is not 拟授奖)."""
    from .pages import notice_subject

    return f"{notice_subject(edition)}公示"


def _display_tier(candidate) -> str:
    getter = getattr(candidate, "get_tier_display", None)
    return str(getter()) if getter else str(getattr(candidate, "tier", "") or "")


def _public_profile(candidate) -> str:
    """What the program prints about the candidate (its `notice_profile`), shortened."""
    program = programs.program_for(candidate)
    text = (program.notice_profile(candidate) if program and program.notice_profile else "") or ""
    return Truncator(text).chars(PROFILE_CHARS_ON_NOTICE)


def open_public_notice(
    candidates: Sequence[models.Model],
    *,
    actor,
    title: str = "",
    start: dt.date | None = None,
    profiles: dict[int, str] | None = None,
) -> PublicNotice:
    """Put proposed candidates of one edition on public notice and publish the notice page.

    The window comes from the edition (length, unit, whether the start day counts) through
    the working-day calendar and ends at 24:00 Asia/Shanghai of its last day. `profiles`
    maps candidate pk to the short profile the applicant approved for publication (else the
    candidate's `public_profile`, if it has one). Secretariat only (the transition's
    permission). Raises NoCandidates, MixedEditions, CandidateNotProposed, NotPermitted,
    CalendarDataMissing.
    """
    candidates = list(candidates)
    if not candidates:
        raise NoCandidates()
    edition = candidates[0].edition
    if any(c.edition_id != edition.pk for c in candidates):
        raise MixedEditions()
    if any(c.state != _states(c).proposed for c in candidates):
        raise CandidateNotProposed()
    window = edition_notice_window(edition, start or local_today())
    profiles = profiles or {}
    with transaction.atomic():
        # A later notice of the same edition says which batch it is, so two titles never read the same.
        type(edition).objects.select_for_update().filter(pk=edition.pk).first()
        earlier = PublicNotice.objects.filter(edition=edition).count()
        batch = f"（第{_CHINESE_ORDINALS.get(earlier + 1, earlier + 1)}批）" if earlier else ""
        notice = PublicNotice.objects.create(
            edition=edition,
            title=(title or f"{edition.title}{_default_subject(edition)}") + batch,
            opens_at=window.opens_at,
            closes_at=window.closes_at,
            last_day=window.last_day,
            opened_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for position, candidate in enumerate(candidates):
            perform_transition(
                candidate,
                "open_public_notice",
                actor=actor,
                expected_state=_states(candidate).proposed,
                reason=f"公示 {notice.title}",
            )
            NoticeCandidate.objects.create(
                notice=notice,
                content_type=ContentType.objects.get_for_model(candidate, for_concrete_model=True),
                object_id=candidate.pk,
                organization=candidate.organization,
                published_name=candidate.organization.name,
                tier=getattr(candidate, "tier", "") or "",
                tier_label=_display_tier(candidate),
                profile=profiles.get(candidate.pk, _public_profile(candidate)),
                position=position,
            )
        from workflows.review.services.release import release_edition

        # The notice makes the edition's results public: every result still held is released with it.
        release_edition(edition, actor=actor, reason=f"公示 {notice.title}")
        from .tasks import publish_notice_page

        transaction.on_commit(lambda: publish_notice_page.delay(notice.pk))
    return notice


# --- objections ---------------------------------------------------------------------------


@dataclass
class ObjectionInput:
    notice_candidate_id: int
    objector_type: str
    grounds: str
    text: str
    objector_name: str = ""
    id_number: str = ""
    credit_code: str = ""
    phone: str = ""
    address: str = ""
    evidence: list = field(default_factory=list)
    sealed_letter: object | None = None


def _new_receipt_no(moment: dt.datetime) -> str:
    return f"YY{moment.astimezone(SHANGHAI):%Y%m%d}-{secrets.token_hex(4).upper()}"


# Names that say "I will not give my name" (docs/objections.md): the objection stays anonymous.
PLACEHOLDER_NAMES = {
    "匿名",
    "无名",
    "无名氏",
    "佚名",
    "某某",
    "某人",
    "群众",
    "网友",
    "无",
    "不详",
    "保密",
    "anonymous",
}


def _missing_identity(data: ObjectionInput) -> str:
    """Why the objection is anonymous, or "" when the objector gave a real, well-formed identity.

    Checked here, not only in the public form, so every caller (staff entry, imports, the API)
    gets the same rules: a real name, a resident ID whose check digit holds, a valid credit code.
    """
    name = data.objector_name.strip()
    if not name or name.strip("*×xX某-—_ ").lower() in PLACEHOLDER_NAMES or not name.strip("*×xX某-—_ "):
        return "未署真实姓名或单位名称"
    if data.objector_type == Objection.ObjectorType.INDIVIDUAL:
        if not data.id_number.strip():
            return "未提供身份证号码"
        try:
            check_resident_id(data.id_number)
        except ResidentIdError:
            return "身份证号码无效"
        if not data.phone.strip():
            return "未提供联系电话"
    else:
        if not data.credit_code.strip():
            return "未提供统一社会信用代码"
        try:
            check_credit_code(data.credit_code)
        except CreditCodeError:
            return "统一社会信用代码无效"
        if data.sealed_letter is None:
            return "未提供加盖公章的异议书"
    return ""


def _normalized_id_number(raw: str) -> str:
    try:
        return check_resident_id(raw)
    except ResidentIdError:
        return raw.strip().upper()


def verification_deadline(edition, received_on: dt.date) -> dt.datetime:
    """End of the edition's objection-review period, counted in working days after receipt."""
    return end_of_day(add_working_days(received_on, edition.objection_review_days, start_day_counts=False))


def file_objection(data: ObjectionInput, *, ip_address: str | None = None) -> Objection:
    """Record an objection from a member of the public (no account) and give it a receipt number.

    Server time decides: after the window it is recorded as rejected_late; without a real
    name as rejected_anonymous. Neither reaches the candidate. A valid objection moves the
    candidate to objection review (if it is not there already) with a verification deadline.
    Evidence is stored in private storage; on any failure nothing is kept (rows or files).
    Raises NoticeNotOpenYet, DocumentRejected, NoticeCandidate.DoesNotExist.
    """
    now = timezone.now()
    notice_candidate = NoticeCandidate.objects.select_related("notice", "notice__edition").get(
        pk=data.notice_candidate_id
    )
    notice = notice_candidate.notice
    if now < notice.opens_at:
        raise NoticeNotOpenYet()
    if now >= notice.closes_at or notice.status == PublicNotice.Status.CLOSED:
        status = Objection.Status.REJECTED_LATE
        reason = gettext("逾期提交：公示期已于%(last_day)s24时结束。") % {
            "last_day": format(notice.last_day, "%Y年%-m月%-d日")
        }
    elif missing := _missing_identity(data):
        status = Objection.Status.REJECTED_ANONYMOUS
        reason = gettext("匿名异议不予受理（%(missing)s）。") % {"missing": missing}
    else:
        status = Objection.Status.UNDER_VERIFICATION
        reason = ""

    stored_keys: list[str] = []
    try:
        with transaction.atomic():
            objection = Objection(
                notice=notice,
                notice_candidate=notice_candidate,
                submitted_at=now,
                status=status,
                rejection_reason=reason,
                objector_type=data.objector_type,
                objector_name=data.objector_name.strip(),
                id_number=_normalized_id_number(data.id_number),
                credit_code=normalize_credit_code(data.credit_code),
                phone=data.phone.strip(),
                address=data.address.strip(),
                submitted_ip=ip_address or None,
                grounds=data.grounds,
                text=data.text,
            )
            if status == Objection.Status.UNDER_VERIFICATION:
                try:
                    objection.verification_deadline = verification_deadline(
                        notice.edition, now.astimezone(SHANGHAI).date()
                    )
                except CalendarDataMissing:
                    # Never refuse a citizen's objection for our missing holiday data; the staff
                    # desk shows no deadline until the calendar override is entered.
                    objection.verification_deadline = None
            _save_with_unique_receipt(objection, now)
            uploads = [(ObjectionFile.Kind.EVIDENCE, f) for f in data.evidence]
            if data.sealed_letter is not None:
                uploads.append((ObjectionFile.Kind.SEALED_LETTER, data.sealed_letter))
            for kind, upload in uploads:
                document = store_document(owner=objection, slot=f"objection_{kind}", uploaded_file=upload)
                stored_keys.append(document.storage_key)
                ObjectionFile.objects.create(objection=objection, kind=kind, document=document)
            if status == Objection.Status.UNDER_VERIFICATION:
                _ensure_objection_review(notice_candidate, objection)
    except BaseException:
        # store_document cleans up after itself, but not after our wider transaction rolls back.
        for key in stored_keys:
            default_storage.delete(key)
        raise
    return objection


def _save_with_unique_receipt(objection: Objection, now: dt.datetime) -> None:
    for _attempt in range(5):
        objection.receipt_no = _new_receipt_no(now)
        try:
            with transaction.atomic():
                objection.save()
            return
        except IntegrityError:
            continue
    raise IntegrityError("could not allocate a receipt number")


def _ensure_objection_review(notice_candidate: NoticeCandidate, objection: Objection) -> None:
    candidate = notice_candidate.candidate
    if candidate.state == _states(candidate).on_notice:
        perform_transition(
            candidate,
            "start_objection_review",
            actor=None,
            check_permission=False,  # the system reacts to a valid objection, no staff decision
            reason=f"收到异议 {objection.receipt_no}",
        )


def decide_objection(
    objection: Objection,
    *,
    substantiated: bool,
    memo: str,
    actor,
    fraud: bool = False,
) -> Objection:
    """Record the secretariat's verification result.

    Substantiated → the candidate is disqualified (and, for fraud, banned per the edition's
    rule). Unsubstantiated → once no other objection on the candidate is open, the candidate
    returns to the notice. Raises ObjectionAlreadyDecided, NotPermitted, TransitionNotAllowed.
    """
    with transaction.atomic():
        locked = (
            Objection.objects.select_for_update(of=("self",)).select_related("notice_candidate").get(pk=objection.pk)
        )
        if locked.status != Objection.Status.UNDER_VERIFICATION:
            raise ObjectionAlreadyDecided()
        locked.status = Objection.Status.SUBSTANTIATED if substantiated else Objection.Status.UNSUBSTANTIATED
        locked.decision_memo = memo
        locked.is_fraud = bool(substantiated and fraud)
        locked.verifier = actor
        locked.verified_at = timezone.now()
        locked.save()
        candidate = locked.notice_candidate.candidate
        if substantiated:
            if candidate.state != _states(candidate).disqualified:
                perform_transition(candidate, "disqualify", actor=actor, reason=f"异议成立 {locked.receipt_no}：{memo}")
            if locked.is_fraud:
                from workflows.titles.services import ban_organization

                ban_organization(
                    organization=candidate.organization,
                    edition=candidate.edition,
                    reason=f"公示期间异议查实弄虚作假（{locked.receipt_no}）：{memo}",
                    source=locked,
                    actor=actor,
                    fraud=True,
                )
        else:
            others_open = (
                Objection.objects.filter(notice_candidate=locked.notice_candidate, status__in=Objection.OPEN_STATUSES)
                .exclude(pk=locked.pk)
                .exists()
            )
            if not others_open and candidate.state == _states(candidate).under_objection:
                perform_transition(
                    candidate, "resume_public_notice", actor=actor, reason=f"异议不成立 {locked.receipt_no}"
                )
    return locked


def close_public_notice(notice: PublicNotice, *, actor) -> PublicNotice:
    """End a notice whose window is over: candidates still on notice go to government approval.

    Raises NoticeWindowNotOver, ObjectionStillOpen, NoticeAlreadyClosed, NotPermitted.
    """
    with transaction.atomic():
        locked = PublicNotice.objects.select_for_update().get(pk=notice.pk)
        if locked.status == PublicNotice.Status.CLOSED:
            raise NoticeAlreadyClosed()
        if timezone.now() < locked.closes_at:
            raise NoticeWindowNotOver()
        if locked.objections.filter(status__in=Objection.OPEN_STATUSES).exists():
            raise ObjectionStillOpen()
        for line in locked.candidates.all():
            candidate = line.candidate
            states = _states(candidate)
            if candidate.state == states.under_objection:
                raise ObjectionStillOpen()
            if candidate.state == states.on_notice:
                perform_transition(candidate, "close_public_notice", actor=actor, reason=f"公示期满 {locked.title}")
        locked.status = PublicNotice.Status.CLOSED
        locked.closed_by = actor
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_by", "closed_at"])
    notice.refresh_from_db()
    return locked


def record_government_approval(
    notice_candidate: NoticeCandidate,
    *,
    approved: bool,
    document_no: str,
    approved_on: dt.date,
    actor,
):
    """Record the government's decision (文号, date): award and confer the title, or decline.

    Returns the Title when approved, else None. Raises CandidateNotPendingApproval,
    NotPermitted.
    """
    from workflows.titles.services import confer_title

    candidate = notice_candidate.candidate
    pending = _states(candidate).pending_approval
    if candidate.state != pending:
        raise CandidateNotPendingApproval()
    reason = f"审定文号 {document_no}（{approved_on:%Y-%m-%d}）"
    if not approved:
        perform_transition(candidate, "decline_award", actor=actor, expected_state=pending, reason=reason)
        return None
    conferred = {}

    def create_title(locked, _log):
        conferred["title"] = confer_title(
            locked,
            holder_name=notice_candidate.published_name,
            tier_label=notice_candidate.tier_label,
            approval_document_no=document_no,
            approval_date=approved_on,
        )

    perform_transition(candidate, "award", actor=actor, expected_state=pending, reason=reason, after=create_title)
    return conferred["title"]
