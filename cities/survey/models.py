"""The satisfaction survey's data (docs/city-survey.md).

Personal-data minimum: a response keeps its district, the date and the 1–5 answers. The phone
number that proved the person answers once is kept only as a keyed hash (HMAC-SHA256 with a key
held outside the database), never in clear; the one-time code likewise.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.models import Edition


class Questionnaire(models.Model):
    """One questionnaire per city edition: its dimensions with weights and their Likert items."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="city_questionnaire")
    title = models.CharField(_("问卷标题"), max_length=200)
    introduction = models.TextField(_("问卷说明"), blank=True)
    is_open = models.BooleanField(_("正在接受答卷"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "cities"
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
        app_label = "cities"
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "name"], name="survey_dimension_unique_name")]

    def __str__(self) -> str:
        return self.name


class SurveyItem(models.Model):
    """One Likert statement (1 很不满意 … 5 很满意) of a dimension."""

    dimension = models.ForeignKey(SurveyDimension, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(_("题目"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        app_label = "cities"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyDistrict(models.Model):
    """A district (区、县) of a creating city and how many responses it should give (its quota)."""

    city = models.ForeignKey("cities.City", on_delete=models.CASCADE, related_name="survey_districts")
    name = models.CharField(_("区县"), max_length=50)
    quota = models.PositiveIntegerField(_("样本配额"), validators=[MinValueValidator(1)])

    class Meta:
        app_label = "cities"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="survey_district_unique_name")]

    def __str__(self) -> str:
        return self.name


class SurveyResponse(models.Model):
    """One citizen's answers: no name, no phone in clear, no address, no IP; only the date."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    city = models.ForeignKey("cities.City", on_delete=models.PROTECT, related_name="survey_responses")
    district = models.ForeignKey(SurveyDistrict, on_delete=models.PROTECT, related_name="responses")
    phone_hash = models.CharField(max_length=64, editable=False)
    submitted_on = models.DateField()

    class Meta:
        app_label = "cities"
        constraints = [
            # One response per phone number and questionnaire, also under concurrent submissions.
            models.UniqueConstraint(fields=["questionnaire", "phone_hash"], name="survey_one_response_per_phone")
        ]


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SurveyItem, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        app_label = "cities"
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="survey_one_answer_per_item"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="survey_score_1_to_5"),
        ]


class SmsChallenge(models.Model):
    """A one-time code sent to a phone: both kept as keyed hashes; deleted once used or expired."""

    city = models.ForeignKey("cities.City", on_delete=models.CASCADE, related_name="+")
    phone_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        app_label = "cities"
        indexes = [models.Index(fields=["phone_hash"], name="survey_challenge_phone")]
