"""The satisfaction survey's data (docs/surveys.md).

A questionnaire belongs to an edition; districts, responses and SMS challenges point at the case they
survey (any program's dossier) by content type and id. Personal-data minimum: a response keeps its
district, the date and the 1–5 answers. The phone number that proved the person answers once is kept
only as a keyed hash (HMAC-SHA256 with a key held outside the database), never in clear; the one-time
code likewise.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.models import Edition


class SurveyWindow(models.Model):
    """A case's own survey window, opened and closed by its `open_survey`/`close_survey` transitions."""

    survey_opened_at = models.DateTimeField(_("满意度测评开启时间"), null=True, blank=True)
    survey_closed_at = models.DateTimeField(_("满意度测评结束时间"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def survey_running(self) -> bool:
        return self.survey_opened_at is not None and self.survey_closed_at is None


class CaseQuerySet(models.QuerySet):
    def of_case(self, case):
        return self.of_cases(type(case), [case.pk])

    def of_cases(self, model, ids):
        return self.filter(case_type=ContentType.objects.get_for_model(model), case_id__in=list(ids))


def _case_type():
    return models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")


class Questionnaire(models.Model):
    """One questionnaire per edition: its dimensions with weights and their Likert items."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="survey_questionnaire")
    title = models.CharField(_("问卷标题"), max_length=200)
    introduction = models.TextField(_("问卷说明"), blank=True)
    is_open = models.BooleanField(_("正在接受答卷"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("满意度测评问卷")
        verbose_name_plural = _("满意度测评问卷")

    def __str__(self) -> str:
        return self.title


class SurveyDimension(models.Model):
    """A dimension (产品质量, 服务质量, 工程质量, 环境质量 …) and its weight in the total."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="dimensions")
    name = models.CharField(_("测评维度"), max_length=50)
    weight = models.DecimalField(
        _("权重"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "name"], name="surveys_dimension_unique_name")]

    def __str__(self) -> str:
        return self.name


class SurveyItem(models.Model):
    """One Likert statement (1 很不满意 … 5 很满意) of a dimension."""

    dimension = models.ForeignKey(SurveyDimension, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(_("题目"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyDistrict(models.Model):
    """A district (区、县) of the surveyed case's area and how many responses it should give (its quota)."""

    case_type = _case_type()
    case_id = models.PositiveBigIntegerField()
    name = models.CharField(_("区县"), max_length=50)
    quota = models.PositiveIntegerField(_("样本配额"), validators=[MinValueValidator(1)])

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["case_type", "case_id", "name"], name="surveys_district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class SurveyResponse(models.Model):
    """One citizen's answers: no name, no phone in clear, no address, no IP; only the date."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    case_type = _case_type()
    case_id = models.PositiveBigIntegerField()
    district = models.ForeignKey(SurveyDistrict, on_delete=models.PROTECT, related_name="responses")
    phone_hash = models.CharField(max_length=64, editable=False)
    submitted_on = models.DateField()

    objects = CaseQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["case_type", "case_id"], name="surveys_response_case")]
        constraints = [
            # One response per phone number and questionnaire, also under concurrent submissions.
            models.UniqueConstraint(fields=["questionnaire", "phone_hash"], name="surveys_one_response_per_phone")
        ]


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SurveyItem, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="surveys_one_answer_per_item"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="surveys_score_1_to_5"),
        ]


class SmsChallenge(models.Model):
    """A one-time code sent to a phone: both kept as keyed hashes; deleted once used or expired."""

    case_type = _case_type()
    case_id = models.PositiveBigIntegerField()
    phone_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = CaseQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["phone_hash"], name="surveys_challenge_phone")]
