"""Public notices (公示) of proposed candidates and the objections (异议) filed against them.

Program-agnostic: a candidate is any dossier with `.organization`, `.edition`, `.tier`, `.state`
and the transitions open_public_notice, start_objection_review, resume_public_notice,
close_public_notice, award, decline_award and disqualify. Rows point at it through ContentType.
The candidate's state is never copied here; pages read it live through selectors.
"""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import CreditCodeField
from workflows.models import Edition


class PublicNotice(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("公示中")
        CLOSED = "closed", _("已结束")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="public_notices")
    title = models.CharField(_("标题"), max_length=200)
    page = models.OneToOneField(
        "cms.NoticePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="public_notice"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opens_at = models.DateTimeField(_("公示开始"))
    closes_at = models.DateTimeField(_("公示结束（不含）"))
    last_day = models.DateField(_("公示最后一日"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("结束登记时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return self.title

    def accepts_objections_at(self, moment) -> bool:
        return self.opens_at <= moment < self.closes_at

    @property
    def window_open(self) -> bool:
        return self.accepts_objections_at(timezone.now())

    @property
    def window_ended(self) -> bool:
        return timezone.now() >= self.closes_at


class NoticeCandidate(models.Model):
    """One line of a notice: the published text about a candidate, and a pointer to the dossier."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="candidates")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    candidate = GenericForeignKey("content_type", "object_id")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    # The published wording (what the public read during the window) is part of the record.
    published_name = models.CharField(_("公示名称"), max_length=200)
    tier = models.CharField(_("奖项等级"), max_length=30, blank=True)
    tier_label = models.CharField(_("等级名称"), max_length=100, blank=True)
    profile = models.TextField(_("简介"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("公示对象")
        ordering = ["notice", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "content_type", "object_id"], name="unique_candidate_per_notice")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.published_name


class Objection(models.Model):
    class Status(models.TextChoices):
        UNDER_VERIFICATION = "under_verification", _("核查中")
        SUBSTANTIATED = "substantiated", _("异议成立")
        UNSUBSTANTIATED = "unsubstantiated", _("异议不成立")
        REJECTED_LATE = "rejected_late", _("逾期不予受理")
        REJECTED_ANONYMOUS = "rejected_anonymous", _("匿名不予受理")

    class ObjectorType(models.TextChoices):
        INDIVIDUAL = "individual", _("个人")
        UNIT = "unit", _("单位")

    class Grounds(models.TextChoices):
        QUALIFICATION = "qualification", _("申报资格")
        AUTHENTICITY = "authenticity", _("材料真实性")
        INCIDENT = "incident", _("质量安全事故")
        OTHER = "other", _("其他")

    OPEN_STATUSES = (Status.UNDER_VERIFICATION,)
    REJECTED_STATUSES = (Status.REJECTED_LATE, Status.REJECTED_ANONYMOUS)

    receipt_no = models.CharField(_("回执编号"), max_length=32, unique=True)
    notice = models.ForeignKey(PublicNotice, on_delete=models.PROTECT, related_name="objections")
    notice_candidate = models.ForeignKey(NoticeCandidate, on_delete=models.PROTECT, related_name="objections")
    submitted_at = models.DateTimeField(_("提交时间（服务器）"))
    status = models.CharField(_("状态"), max_length=30, choices=Status.choices, db_index=True)
    rejection_reason = models.CharField(_("不予受理理由"), max_length=300, blank=True)
    # Identity: confidential, shown to the secretariat only.
    objector_type = models.CharField(_("异议人类型"), max_length=20, choices=ObjectorType.choices)
    objector_name = models.CharField(_("姓名/单位名称"), max_length=200, blank=True)
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True)
    credit_code = CreditCodeField(_("统一社会信用代码"), blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("联系地址"), max_length=300, blank=True)
    submitted_ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    # Substance
    grounds = models.CharField(_("异议类型"), max_length=20, choices=Grounds.choices)
    text = models.TextField(_("异议内容"))
    # Verification
    verification_deadline = models.DateTimeField(_("核查截止"), null=True, blank=True)
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(_("核查完成"), null=True, blank=True)
    decision_memo = models.TextField(_("核查意见"), blank=True)
    is_fraud = models.BooleanField(_("认定弄虚作假"), default=False)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return self.receipt_no

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def verification_last_day(self):
        """The last day of verification (the stored deadline is the exclusive 24:00 instant)."""
        if self.verification_deadline is None:
            return None
        return (timezone.localtime(self.verification_deadline) - dt.timedelta(microseconds=1)).date()


class ObjectionFile(models.Model):
    """Evidence or the unit's sealed letter, kept in private storage."""

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", _("证明材料")
        SEALED_LETTER = "sealed_letter", _("加盖公章的异议书")

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("异议材料")
