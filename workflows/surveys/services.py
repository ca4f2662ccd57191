"""Every write of the satisfaction survey (docs/surveys.md).

Staff (the secretariat) build the questionnaire and set district quotas; a citizen asks for a
one-time code by SMS and answers once per phone number. Raises SurveyError subclasses with a
message for the page; nothing a citizen types ends in a 500.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.dates import local_today
from workflows.exceptions import NotPermitted, WorkflowError
from workflows.notifications.sms import send_sms
from workflows.programs import program_for

from .models import (
    Questionnaire,
    SmsChallenge,
    SurveyAnswer,
    SurveyDimension,
    SurveyDistrict,
    SurveyItem,
    SurveyResponse,
)

CODE_VALID = dt.timedelta(minutes=10)
RESEND_AFTER = dt.timedelta(seconds=60)
MAX_CODE_ATTEMPTS = 5
MOBILE = re.compile(r"^1[3-9]\d{9}$")


class SurveyError(WorkflowError):
    default_message = gettext_lazy("测评无法提交。")


class SurveyClosed(SurveyError):
    default_message = gettext_lazy("当前没有正在进行的满意度测评。")


class InvalidPhone(SurveyError):
    default_message = gettext_lazy("请输入11位中国大陆手机号码。")


class AlreadyAnswered(SurveyError):
    default_message = gettext_lazy("该手机号已参加过本次测评，每个手机号只能参加一次。感谢您的参与！")


class CodeInvalid(SurveyError):
    default_message = gettext_lazy("验证码不正确或已过期，请重新获取。")


class TooSoon(SurveyError):
    default_message = gettext_lazy("验证码已发送，请60秒后再重新获取。")


class IncompleteAnswers(SurveyError):
    default_message = gettext_lazy("请回答每一道题（1至5分）并选择所在区县。")


class QuestionnaireLocked(SurveyError):
    default_message = gettext_lazy("问卷已有答卷，不能再修改题目和权重。")


# --- keyed hashes: the phone number is never stored in clear ---------------------------------------
def _key() -> bytes:
    """SURVEY_PHONE_KEY from the environment; without it, derived from SECRET_KEY (never in the DB)."""
    configured = getattr(settings, "SURVEY_PHONE_KEY", "")
    if configured:
        return configured.encode()
    # The derivation's label predates the move into the engine; changing it would orphan stored hashes.
    return hmac.new(settings.SECRET_KEY.encode(), b"qap-city-survey-phone", hashlib.sha256).digest()


def normalise_phone(raw: str) -> str:
    """11 digits: spaces, hyphens and a leading +86 / 0086 are dropped. Raises InvalidPhone."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    digits = re.sub(r"^(\+86|0086|86)(?=1\d{10}$)", "", digits)
    if not MOBILE.match(digits):
        raise InvalidPhone()
    return digits


def phone_hash(phone: str) -> str:
    """HMAC-SHA256 of the normalised number: equal numbers give equal hashes, the number cannot be
    read back, and without the key nobody can test guesses against the table."""
    return hmac.new(_key(), normalise_phone(phone).encode(), hashlib.sha256).hexdigest()


def _code_hash(challenge_phone_hash: str, code: str) -> str:
    return hmac.new(_key(), f"{challenge_phone_hash}:{code}".encode(), hashlib.sha256).hexdigest()


# --- staff: the questionnaire and the quotas ---------------------------------------------------------
def _require_secretariat(actor) -> None:
    if not (actor and actor.is_authenticated and actor.is_secretariat):
        raise NotPermitted()


def _require_unanswered(questionnaire: Questionnaire) -> None:
    if questionnaire.responses.exists():
        raise QuestionnaireLocked()


def save_questionnaire(*, edition, title: str, introduction: str, actor) -> Questionnaire:
    """Create or retitle the edition's questionnaire. Secretariat only; raises NotPermitted."""
    _require_secretariat(actor)
    questionnaire, _created = Questionnaire.objects.update_or_create(
        edition=edition, defaults={"title": title, "introduction": introduction}
    )
    return questionnaire


def add_dimension(questionnaire: Questionnaire, *, name: str, weight: Decimal, actor) -> SurveyDimension:
    """A dimension with its weight. Raises NotPermitted, QuestionnaireLocked, SurveyError (a name twice)."""
    _require_secretariat(actor)
    _require_unanswered(questionnaire)
    if questionnaire.dimensions.filter(name=name).exists():
        raise SurveyError(_("该维度已存在。"))
    position = questionnaire.dimensions.count()
    return SurveyDimension.objects.create(questionnaire=questionnaire, name=name, weight=weight, position=position)


def add_item(dimension: SurveyDimension, *, text: str, actor) -> SurveyItem:
    """A Likert statement of a dimension. Raises NotPermitted, QuestionnaireLocked."""
    _require_secretariat(actor)
    _require_unanswered(dimension.questionnaire)
    return SurveyItem.objects.create(dimension=dimension, text=text, position=dimension.items.count())


def remove_dimension(dimension: SurveyDimension, *, actor) -> None:
    _require_secretariat(actor)
    _require_unanswered(dimension.questionnaire)
    dimension.delete()


def remove_item(item: SurveyItem, *, actor) -> None:
    _require_secretariat(actor)
    _require_unanswered(item.dimension.questionnaire)
    item.delete()


def set_open(questionnaire: Questionnaire, *, is_open: bool, actor) -> Questionnaire:
    """Open or close the survey. Opening needs at least one dimension and an item in every one."""
    _require_secretariat(actor)
    if is_open:
        dimensions = list(questionnaire.dimensions.prefetch_related("items"))
        if not dimensions or any(not d.items.all() for d in dimensions):
            raise SurveyError(_("每个测评维度至少要有一道题，才能开放测评。"))
    questionnaire.is_open = is_open
    questionnaire.save(update_fields=["is_open"])
    return questionnaire


def survey_states(case) -> tuple[str, ...]:
    """The states in which `case`'s survey may run (its program's SurveyAttachment); () without one."""
    program = program_for(case)
    return program.survey.states if program and program.survey else ()


def _of(case) -> dict:
    return {"case_type": ContentType.objects.get_for_model(case), "case_id": case.pk}


def set_district_quota(case, *, name: str, quota: int, actor) -> SurveyDistrict:
    """Add a district of the case's area or change its quota (the same name updates it)."""
    _require_secretariat(actor)
    district, _created = SurveyDistrict.objects.update_or_create(**_of(case), name=name, defaults={"quota": quota})
    return district


def remove_district(district: SurveyDistrict, *, actor) -> None:
    _require_secretariat(actor)
    if district.responses.exists():
        raise SurveyError(_("该区县已有答卷，不能删除；可以调整配额。"))
    district.delete()


# --- one case's survey: opened and closed by transitions of the case ---------------------------------
def open_case_survey(case, *, actor, expected_state=None):
    """Start the case's survey: its edition's questionnaire must be open and the case's district quotas
    set. A logged step on the case (`open_survey`, perform_transition; the program's on_transition hook
    tells the applicant). Raises SurveyError, NotPermitted, StaleState, TransitionNotAllowed."""
    from workflows.services import perform_transition

    def check(locked) -> None:
        if not Questionnaire.objects.filter(edition_id=locked.edition_id, is_open=True).exists():
            raise SurveyError(_("本届满意度测评问卷尚未开放，请先在测评问卷页面开放。"))
        if not SurveyDistrict.objects.of_case(locked).exists():
            raise SurveyError(_("请先设置区县样本配额。"))

    locked, _log = perform_transition(
        case, "open_survey", actor=actor, expected_state=expected_state, before=check, reason="开启市民质量满意度测评。"
    )
    return locked


def close_case_survey(case, *, actor, expected_state=None, reason: str = "结束市民质量满意度测评。"):
    """End the case's survey: no more answers; the aggregates are then published by the program's rule
    (SurveyAttachment.published). Raises NotPermitted, StaleState, TransitionNotAllowed."""
    from workflows.services import perform_transition

    locked, _log = perform_transition(case, "close_survey", actor=actor, expected_state=expected_state, reason=reason)
    return locked


# --- citizens ---------------------------------------------------------------------------------------
def open_questionnaire_for(case) -> Questionnaire:
    """The questionnaire a citizen may answer about `case` now. Raises SurveyClosed."""
    questionnaire = Questionnaire.objects.filter(edition_id=case.edition_id, is_open=True).first()
    if (
        questionnaire is None
        or case.state not in survey_states(case)
        or not case.survey_running
        or not SurveyDistrict.objects.of_case(case).exists()
    ):
        raise SurveyClosed()
    return questionnaire


def request_code(case, *, phone: str) -> SmsChallenge:
    """Send a six-digit one-time code to `phone` for the case's open survey.

    Anyone may call it (rate limited per address by the middleware, settings.RATE_LIMITS).
    Raises SurveyClosed, InvalidPhone, AlreadyAnswered (before any SMS is sent), TooSoon.
    """
    questionnaire = open_questionnaire_for(case)
    number = normalise_phone(phone)
    hashed = phone_hash(number)
    if SurveyResponse.objects.filter(questionnaire=questionnaire, phone_hash=hashed).exists():
        raise AlreadyAnswered()
    now = timezone.now()
    SmsChallenge.objects.filter(expires_at__lte=now).delete()
    if SmsChallenge.objects.filter(phone_hash=hashed, expires_at__gt=now + CODE_VALID - RESEND_AFTER).exists():
        raise TooSoon()
    code = f"{secrets.randbelow(10**6):06d}"
    challenge = SmsChallenge.objects.create(
        **_of(case), phone_hash=hashed, code_hash=_code_hash(hashed, code), expires_at=now + CODE_VALID
    )
    message = _("【质量强市】您的满意度测评验证码为%(code)s，10分钟内有效。") % {"code": code}
    transaction.on_commit(lambda: send_sms(number, message))
    return challenge


def submit_response(
    case, *, challenge_id: int | None, code: str, district_id: int | None, answers: dict[int, int]
) -> SurveyResponse:
    """Record one citizen's answers once the code proves the phone; the challenge is then deleted.

    Raises SurveyClosed, CodeInvalid, AlreadyAnswered, IncompleteAnswers.
    """
    questionnaire = open_questionnaire_for(case)
    items = set(SurveyItem.objects.filter(dimension__questionnaire=questionnaire).values_list("pk", flat=True))
    district = SurveyDistrict.objects.of_case(case).filter(pk=district_id).first() if district_id else None
    if district is None or set(answers) != items or any(score not in range(1, 6) for score in answers.values()):
        raise IncompleteAnswers()
    with transaction.atomic():
        challenge = (
            SmsChallenge.objects.select_for_update()
            .filter(pk=challenge_id, **_of(case), expires_at__gt=timezone.now())
            .first()
            if challenge_id
            else None
        )
        matches = challenge is not None and hmac.compare_digest(
            challenge.code_hash, _code_hash(challenge.phone_hash, (code or "").strip())
        )
        if challenge is not None and not matches:
            # A wrong code counts (kept: this block commits); the fifth wrong one ends the challenge.
            challenge.attempts += 1
            if challenge.attempts >= MAX_CODE_ATTEMPTS:
                challenge.delete()
            else:
                challenge.save(update_fields=["attempts"])
    if not matches:
        raise CodeInvalid()
    with transaction.atomic():
        deleted, _rows = SmsChallenge.objects.filter(pk=challenge.pk).delete()
        if not deleted:  # the same code submitted twice at once: the other request used it
            raise CodeInvalid()
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    questionnaire=questionnaire,
                    **_of(case),
                    district=district,
                    phone_hash=challenge.phone_hash,
                    submitted_on=local_today(),
                )
        except IntegrityError:
            raise AlreadyAnswered() from None
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=response, item_id=item_id, score=score) for item_id, score in answers.items()
        )
    return response
