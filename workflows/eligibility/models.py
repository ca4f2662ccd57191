"""Eligibility as data: typed, parameterised rules per edition, kept results, and the ban registry.

docs/domain.md, "Eligibility rules". Program-agnostic: the facts about an applicant are handed in by the program
(see `workflows.eligibility.rules.ApplicantFacts`), so nothing here imports awards or brands.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from workflows.models import Edition, Program


class RuleType(models.TextChoices):
    JURISDICTION = "jurisdiction", _("在辖区内注册")
    ENTITY_TYPE = "entity_type", _("主体类型")
    YEARS_IN_OPERATION = "years_in_operation", _("成立年限")
    NO_MAJOR_INCIDENT = "no_major_incident", _("近N年无重大事故")
    GOOD_CREDIT = "good_credit", _("信用良好")
    NO_BAN = "no_ban", _("不在禁止申报期内")
    COOL_DOWN = "cool_down", _("获奖后间隔期")
    PREREQUISITE_AWARD = "prerequisite_award", _("须已获前置奖项")
    ONE_PER_GROUP = "one_per_group", _("同一集团限报一家")


# Parameters each rule type needs, with their Python type. Checked in EligibilityRule.clean().
RULE_PARAMETERS: dict[str, dict[str, type]] = {
    RuleType.JURISDICTION: {"region_prefix": str},
    RuleType.ENTITY_TYPE: {"kinds": list},
    RuleType.YEARS_IN_OPERATION: {"min_years": int},
    RuleType.NO_MAJOR_INCIDENT: {"years": int},
    RuleType.GOOD_CREDIT: {},
    RuleType.NO_BAN: {},
    RuleType.COOL_DOWN: {"years": int},
    RuleType.PREREQUISITE_AWARD: {"program_slug": str},
    RuleType.ONE_PER_GROUP: {},
}


class EligibilityRule(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="eligibility_rules")
    rule_type = models.CharField(_("规则类型"), max_length=30, choices=RuleType.choices)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    is_hard = models.BooleanField(
        _("硬性条件"),
        default=True,
        help_text=_("硬性条件不满足时不能提交。"),
    )
    requires_evidence = models.BooleanField(_("须提供证明"), default=False)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "order", "id"]
        verbose_name = _("申报条件")
        verbose_name_plural = _("申报条件")

    def __str__(self) -> str:
        return f"{self.get_rule_type_display()} {self.params or ''}".strip()

    def clean(self) -> None:
        expected = RULE_PARAMETERS.get(self.rule_type, {})
        params = self.params or {}
        errors = []
        for name, kind in expected.items():
            if name not in params:
                errors.append(gettext("缺少参数：%(name)s") % {"name": name})
            elif not isinstance(params[name], kind) or isinstance(params[name], bool):
                errors.append(gettext("参数类型错误：%(name)s 应为 %(name2)s") % {"name": name, "name2": kind.__name__})
        extra = set(params) - set(expected)
        if extra:
            errors.append(gettext("未知参数：%(join)s") % {"join": ", ".join(sorted(extra))})
        if errors:
            raise ValidationError({"params": errors})


class RuleResult(models.Model):
    """One evaluation of one rule for one dossier. Append-only: every result is kept."""

    class Outcome(models.TextChoices):
        PASSED = "passed", _("符合")
        FAILED = "failed", _("不符合")
        NEEDS_REVIEW = "needs_review", _("待人工核查")

    class Stage(models.TextChoices):
        AUTOMATIC = "automatic", _("系统校验")
        QUALIFICATION = "qualification", _("资格审查")

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    rule = models.ForeignKey(EligibilityRule, on_delete=models.PROTECT, related_name="results")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    detail = models.TextField(_("说明"), blank=True)
    inputs = models.JSONField(_("依据数据"), default=dict, blank=True)
    evidence_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "rule"])]
        verbose_name = _("资格审查结果")

    def __str__(self) -> str:
        return f"{self.rule}: {self.outcome}"


class Ban(models.Model):
    """An organisation barred from applying to a program (docs/domain.md, "Bans").

    `ends_on` empty and `editions_count` empty = lifetime. An editions-based ban covers the
    next `editions_count` editions of the program opening after `starts_on`.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="bans")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="bans")
    reason = models.TextField(_("原因"))
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_note = models.CharField(_("依据"), max_length=300, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    editions_count = models.PositiveSmallIntegerField(_("禁止届数"), null=True, blank=True)
    # A fraud finding (弄虚作假) is a matter of the applicant's integrity, not of one program: it bars
    # every program on the platform for the same period (docs/bans.md).
    all_programs = models.BooleanField(_("适用于所有项目"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("禁止申报")
        verbose_name_plural = _("禁止申报名单")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(editions_count__isnull=True),
                name="ban_by_date_or_by_editions",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.program} · {self.describe_end()}"

    @property
    def is_lifetime(self) -> bool:
        return self.ends_on is None and self.editions_count is None

    def applicant_message(self) -> str:
        """What the banned applicant is told: why, until when, and for which programs."""
        from django.utils.translation import gettext

        if self.ends_on:
            until = gettext("至%(date)s（含）") % {"date": f"{self.ends_on:%Y-%m-%d}"}
        elif self.editions_count:
            until = gettext("自%(date)s起%(n)s届") % {"date": f"{self.starts_on:%Y-%m-%d}", "n": self.editions_count}
        else:
            until = gettext("终身")
        scope = gettext("本平台所有奖项和示范区") if self.all_programs else str(self.program)
        return gettext("本单位已被禁止申报%(scope)s，期限%(until)s。原因：%(reason)s") % {
            "scope": scope,
            "until": until,
            "reason": self.reason,
        }

    def describe_end(self) -> str:
        if self.ends_on:
            return gettext("至 %(ends_on)s") % {"ends_on": format(self.ends_on, "%Y-%m-%d")}
        if self.editions_count:
            return gettext("自 %(starts_on)s 起 %(editions_count)s 届") % {
                "starts_on": format(self.starts_on, "%Y-%m-%d"),
                "editions_count": self.editions_count,
            }
        return gettext("终身")


class CreditCheck(models.Model):
    """One query of a credit registry for one dossier: what was asked, when, the answer and the decision.

    Append-only in spirit: a new screening is a new row; only the staff decision on a row that needs
    one is filled in later (docs/credit-screening.md).
    """

    class Status(models.TextChoices):
        CLEAR = "clear", _("未见失信记录")
        HIT = "hit", _("查到失信或处罚记录")
        UNAVAILABLE = "unavailable", _("查询失败")

    class Decision(models.TextChoices):
        PENDING = "pending", _("待经办人决定")
        PASSED = "passed", _("通过")
        FAILED = "failed", _("不通过")

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    registry = models.CharField(_("查询平台"), max_length=100)
    credit_code = models.CharField(_("查询的统一社会信用代码"), max_length=18)
    queried_name = models.CharField(_("查询的单位名称"), max_length=200)
    queried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    queried_at = models.DateTimeField(_("查询时间"), default=timezone.now)
    status = models.CharField(_("查询结果"), max_length=20, choices=Status.choices)
    response = models.JSONField(_("平台返回内容"), default=dict, blank=True)
    error = models.CharField(_("失败原因"), max_length=300, blank=True)
    decision = models.CharField(_("决定"), max_length=20, choices=Decision.choices)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "id"])]
        verbose_name = _("信用核查")
        verbose_name_plural = _("信用核查")

    def __str__(self) -> str:
        return f"{self.credit_code} {self.status} {self.decision}"

    @property
    def records(self) -> list[dict]:
        return list(self.response.get("records", []))

    @property
    def serious_dishonesty(self) -> bool:
        return any(r.get("kind") == "serious_dishonesty" for r in self.records)
