"""Titles (称号) conferred at naming, their certificates, periodic reviews and the exit mechanism.

Program-agnostic: the dossier that earned a title is referenced through ContentType.
The title's state machine (docs/domain.md, "Titles"):
active → periodic_review → active | admonished | rectification; admonished | rectification →
active | revoked; any live state → revoked (fraud, incident...); active → expired (scheduled).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflows.desks import on_desk
from workflows.models import Edition
from workflows.permissions import is_secretariat, nobody  # noqa: F401 (is_secretariat: also titles.services)


class TitleRules(models.Model):
    """Per-edition numbers of the title lifecycle that the Edition model does not hold."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="title_rules")
    review_interval_months = models.PositiveSmallIntegerField(
        _("复评周期（月） periodic review every (months)"), default=12
    )
    rectification_working_days = models.PositiveSmallIntegerField(
        _("整改期限（工作日） rectification period (working days)"), default=60
    )
    certificate_prefix = models.CharField(_("证书编号前缀 certificate prefix"), max_length=12, default="ZLJ")
    prize_money = models.DecimalField(
        _("奖金（元） prize money (CNY)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("撤销时追回 Recovered on revocation"),
    )
    has_plaque = models.BooleanField(_("颁发奖牌 plaque awarded"), default=True)

    class Meta:
        verbose_name = _("称号规则 title rules")
        verbose_name_plural = _("称号规则 title rules")

    def __str__(self) -> str:
        return str(self.edition)


class TitleState(models.TextChoices):
    ACTIVE = "active", _("有效 Active")
    PERIODIC_REVIEW = "periodic_review", _("复评中 Periodic review")
    ADMONISHED = "admonished", _("约谈 Admonished")
    RECTIFICATION = "rectification", _("限期整改 Rectification")
    REVOKED = "revoked", _("已撤销 Revoked")
    EXPIRED = "expired", _("已期满 Expired")


LIVE_STATES = [TitleState.ACTIVE, TitleState.PERIODIC_REVIEW, TitleState.ADMONISHED, TitleState.RECTIFICATION]


class Title(ConcurrentTransitionMixin, models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    dossier = GenericForeignKey("content_type", "object_id")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="titles")
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="titles")
    state = FSMField(_("状态 state"), default=TitleState.ACTIVE, choices=TitleState.choices, protected=True)
    holder_name = models.CharField(_("获奖单位 holder"), max_length=200)
    tier = models.CharField(_("奖项等级 tier"), max_length=30, blank=True)
    tier_label = models.CharField(_("奖项名称 award"), max_length=100, blank=True)
    approval_document_no = models.CharField(_("审定文号 approval document"), max_length=100)
    approval_date = models.DateField(_("审定日期 approval date"))
    valid_from = models.DateField(_("有效期自 valid from"))
    valid_until = models.DateField(_("有效期至 valid until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("称号 title")
        verbose_name_plural = _("称号 titles")
        ordering = ["-approval_date", "holder_name"]
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_title_per_dossier")]

    def __str__(self) -> str:
        return f"{self.holder_name} · {self.tier_label or self.edition}"

    @transition(field=state, source=TitleState.ACTIVE, target=TitleState.PERIODIC_REVIEW, permission=is_secretariat)
    def start_periodic_review(self):
        pass

    @transition(field=state, source=TitleState.PERIODIC_REVIEW, target=TitleState.ACTIVE, permission=is_secretariat)
    def pass_periodic_review(self):
        pass

    @transition(field=state, source=TitleState.PERIODIC_REVIEW, target=TitleState.ADMONISHED, permission=is_secretariat)
    def admonish(self):
        pass

    @transition(
        field=state, source=TitleState.PERIODIC_REVIEW, target=TitleState.RECTIFICATION, permission=is_secretariat
    )
    def require_rectification(self):
        pass

    @transition(
        field=state,
        source=[TitleState.ADMONISHED, TitleState.RECTIFICATION],
        target=TitleState.ACTIVE,
        permission=is_secretariat,
        custom=on_desk(_("恢复")),
    )
    def restore(self):
        pass

    # The title desk links to the revocation form (trigger, reason, authority, document, date).
    @transition(
        field=state,
        source=LIVE_STATES,
        target=TitleState.REVOKED,
        permission=is_secretariat,
        custom=on_desk(_("撤销"), form="revocation", needs_reason=True, danger=True),
    )
    def revoke(self):
        pass

    # Run by the scheduled task with check_permission=False; no person expires a title.
    @transition(field=state, source=TitleState.ACTIVE, target=TitleState.EXPIRED, permission=nobody)
    def expire(self):
        pass


class Certificate(models.Model):
    """The certificate of a title. Its public status is read from the title, never stored twice."""

    title = models.OneToOneField(Title, on_delete=models.PROTECT, related_name="certificate")
    serial_no = models.CharField(_("证书编号 serial number"), max_length=40, unique=True)
    issued_on = models.DateField(_("发证日期 issued on"))
    pdf = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("证书 certificate")
        verbose_name_plural = _("证书 certificates")

    def __str__(self) -> str:
        return self.serial_no


class Revocation(models.Model):
    class Trigger(models.TextChoices):
        FRAUD = "fraud", _("弄虚作假 Fraud or improper means")
        MAJOR_INCIDENT = "major_incident", _("重大质量、安全、环境事故 Major quality/safety/environmental incident")
        SERIOUS_VIOLATION = "serious_violation", _("严重违法违规 Serious violation of law")
        FAILED_REVIEW = "failed_review", _("复评不合格 Failed review")
        MISUSE = "misuse", _("违规使用称号 Misuse of the title")

    title = models.OneToOneField(Title, on_delete=models.PROTECT, related_name="revocation")
    trigger = models.CharField(_("撤销事由 trigger"), max_length=30, choices=Trigger.choices)
    reason = models.TextField(_("撤销理由 reason"))
    authority = models.CharField(_("决定机关 deciding authority"), max_length=200)
    document_no = models.CharField(_("决定文号 document number"), max_length=100)
    decided_on = models.DateField(_("决定日期 decided on"))
    notice_page = models.ForeignKey(
        "cms.NoticePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="revocations"
    )
    ban = models.ForeignKey("eligibility.Ban", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("撤销记录 revocation")
        verbose_name_plural = _("撤销记录 revocations")

    def __str__(self) -> str:
        return f"{self.title} · {self.document_no}"


class RecoveryTask(models.Model):
    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("收回证书 Recover the certificate")
        PLAQUE = "plaque", _("收回奖牌 Recover the plaque")
        PRIZE_MONEY = "prize_money", _("追回奖金 Claw back the prize money")

    revocation = models.ForeignKey(Revocation, on_delete=models.CASCADE, related_name="recovery_tasks")
    kind = models.CharField(_("事项 task"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("金额（元） amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间 completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("说明 note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("追回事项 recovery task")
        ordering = ["revocation", "id"]
        constraints = [models.UniqueConstraint(fields=["revocation", "kind"], name="one_recovery_task_per_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None


class PeriodicReview(models.Model):
    class Outcome(models.TextChoices):
        PASSED = "passed", _("合格 Passed")
        ADMONISHED = "admonished", _("约谈 Admonished")
        RECTIFICATION = "rectification", _("限期整改 Rectification")

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="periodic_reviews")
    due_on = models.DateField(_("应复评日期 due on"), db_index=True)
    started_at = models.DateTimeField(_("开始 started"), null=True, blank=True)
    outcome = models.CharField(_("结论 outcome"), max_length=20, choices=Outcome.choices, blank=True)
    memo = models.TextField(_("复评意见 memo"), blank=True)
    rectification_deadline = models.DateTimeField(_("整改期限 rectification deadline"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("完成 concluded"), null=True, blank=True)

    class Meta:
        verbose_name = _("复评 periodic review")
        verbose_name_plural = _("复评 periodic reviews")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["title", "due_on"], name="one_review_per_due_date")]

    def __str__(self) -> str:
        return f"{self.title} · {self.due_on}"
