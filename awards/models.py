"""The award dossier and its state machine (docs/domain.md, "Award application").

The model declares the legal moves, their guards and who may make them. Performing a move
(locking, logging, side effects) is awards/services.py's job through
workflows.services.perform_transition.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import GET_STATE, ConcurrentTransitionMixin, FSMField, transition

from accounts.models import Organization
from workflows.desks import on_desk
from workflows.log_actions import labelled
from workflows.models import Edition

from .permissions import is_applicant_member, is_committee_or_secretariat, is_recommender_for, is_secretariat, nobody


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RECOMMENDATION_NOTICE = "recommendation_notice", _("推荐公示中")
    RETURNED_FOR_CORRECTION = "returned_for_correction", _("退回补正")
    RECOMMENDED = "recommended", _("已推荐")
    NOT_RECOMMENDED = "not_recommended", _("未推荐")
    ACCEPTED = "accepted", _("已受理")
    QUALIFIED = "qualified", _("资格审查通过")
    INELIGIBLE = "ineligible", _("资格审查未通过")
    MATERIAL_REVIEW = "material_review", _("材料评审")
    DEFENCE = "defence", _("陈述答辩")
    SITE_REVIEW = "site_review", _("现场评审")
    COMPREHENSIVE_EVALUATION = "comprehensive_evaluation", _("综合评价")
    COMMITTEE_DELIBERATION = "committee_deliberation", _("评审委员会审议")
    PROPOSED = "proposed", _("拟授奖")
    ELIMINATED = "eliminated", _("未入选")
    PUBLIC_NOTICE = "public_notice", _("公示中")
    OBJECTION_REVIEW = "objection_review", _("异议核查")
    PENDING_APPROVAL = "pending_approval", _("待政府审定")
    AWARDED = "awarded", _("已授奖")
    NOT_AWARDED = "not_awarded", _("未授奖")
    WITHDRAWN = "withdrawn", _("已撤回")
    DISQUALIFIED = "disqualified", _("取消资格")
    # The title's end moves the application here (workflows/titles; docs/programs.md, "Titles").
    REVOKED = "revoked", _("称号已撤销")
    EXPIRED = "expired", _("称号已期满")


# What the applicant and the public see: internal review stages collapse into "评审中".
PUBLIC_LABELS = {
    State.DRAFT: _("草稿"),
    State.SUBMITTED: _("已提交，待推荐"),
    State.RECOMMENDATION_NOTICE: _("推荐公示中"),
    State.RETURNED_FOR_CORRECTION: _("需补正材料"),
    State.RECOMMENDED: _("已推荐，待受理"),
    State.NOT_RECOMMENDED: _("未获推荐"),
    State.ACCEPTED: _("已受理"),
    State.QUALIFIED: _("资格审查通过"),
    State.INELIGIBLE: _("资格审查未通过"),
    State.MATERIAL_REVIEW: _("评审中"),
    State.DEFENCE: _("评审中（陈述答辩）"),
    State.SITE_REVIEW: _("评审中（现场评审）"),
    State.COMPREHENSIVE_EVALUATION: _("评审中"),
    State.COMMITTEE_DELIBERATION: _("评审中"),
    State.PROPOSED: _("拟授奖"),
    State.ELIMINATED: _("未入选"),
    State.PUBLIC_NOTICE: _("公示中"),
    State.OBJECTION_REVIEW: _("公示中"),
    State.PENDING_APPROVAL: _("待审定"),
    State.AWARDED: _("已授奖"),
    State.NOT_AWARDED: _("未授奖"),
    State.WITHDRAWN: _("已撤回"),
    State.DISQUALIFIED: _("取消资格"),
    State.REVOKED: _("称号已撤销"),
    State.EXPIRED: _("称号已期满"),
}

REVIEW_STATES = [
    State.MATERIAL_REVIEW,
    State.DEFENCE,
    State.SITE_REVIEW,
    State.COMPREHENSIVE_EVALUATION,
    State.COMMITTEE_DELIBERATION,
]
PRE_AWARD_STATES = [
    State.DRAFT,
    State.SUBMITTED,
    State.RECOMMENDATION_NOTICE,
    State.RETURNED_FOR_CORRECTION,
    State.RECOMMENDED,
    State.ACCEPTED,
    State.QUALIFIED,
    *REVIEW_STATES,
    State.PROPOSED,
    State.PUBLIC_NOTICE,
    State.OBJECTION_REVIEW,
    State.PENDING_APPROVAL,
]
WITHDRAWABLE_STATES = [s for s in PRE_AWARD_STATES if s != State.DRAFT]


class Tier(models.TextChoices):
    AWARD = "award", _("质量奖")
    NOMINATION = "nomination", _("提名奖")


def _stage_after_material_review(application) -> str:
    edition = application.edition
    if edition.has_defence:
        return State.DEFENCE
    if edition.has_site_review:
        return State.SITE_REVIEW
    return State.COMPREHENSIVE_EVALUATION


def _stage_after_defence(application) -> str:
    return State.SITE_REVIEW if application.edition.has_site_review else State.COMPREHENSIVE_EVALUATION


def _recommendation_notice_required(application) -> bool:
    return application.edition.has_recommendation_notice


def _recommendation_notice_skipped(application) -> bool:
    return not application.edition.has_recommendation_notice


def _may_withdraw(application, user) -> bool:
    return is_applicant_member(application, user)


class AwardApplication(ConcurrentTransitionMixin, models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="award_applications")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="award_applications")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = FSMField(_("状态"), default=State.DRAFT, choices=State.choices, protected=True, db_index=True)
    reference_no = models.CharField(_("申报编号"), max_length=30, unique=True, null=True, blank=True)
    tier = models.CharField(_("奖项等级"), max_length=20, choices=Tier.choices, blank=True)
    final_score = models.DecimalField(_("综合得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    correction_deadline = models.DateTimeField(_("补正截止"), null=True, blank=True)
    # The recommending body's own notice (推荐公示), when the edition has one: its first and last day.
    recommendation_notice_from = models.DateField(_("推荐公示开始"), null=True, blank=True)
    recommendation_notice_until = models.DateField(_("推荐公示截止"), null=True, blank=True)
    # --- form sections (drafts save any time; submission validates them all) ---------------
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    employees = models.PositiveIntegerField(_("从业人数"), null=True, blank=True)
    main_products = models.TextField(_("主营业务"), blank=True)
    profile = models.TextField(_("组织概述"), blank=True)
    # {criterion code: {"score": int, "text": str}} for the 23 items of the edition's framework.
    self_assessment = models.JSONField(_("自评"), default=dict, blank=True)
    # [{"year": 2023, "revenue": "...", "profit": "...", "quality_indicator": "..."}, ...] three years.
    key_figures = models.JSONField(_("关键指标"), default=list, blank=True)
    declarations = models.JSONField(_("资格声明"), default=dict, blank=True)
    integrity_commitment = models.BooleanField(_("诚信承诺"), default=False)
    integrity_signed_by = models.CharField(_("承诺人"), max_length=60, blank=True)
    # What a correction request asked for and which sections it reopened.
    correction_defects = models.TextField(_("补正事项"), blank=True)
    reopened_sections = models.JSONField(_("可补正部分"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("质量奖申报")
        verbose_name_plural = _("质量奖申报")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["edition", "organization"], name="one_application_per_edition")]

    def __str__(self) -> str:
        return f"{self.organization} · {self.edition}"

    @property
    def public_label(self) -> str:
        # Not `.get(state, self.get_state_display())`: that evaluates the display label (a walk over the
        # lazy choices) on every call, and lists show a label per row.
        label = PUBLIC_LABELS.get(self.state)
        return label if label is not None else self.get_state_display()

    @property
    def applicant_state(self) -> str:
        """The state the applicant may see: a result not yet released stays hidden (workflows/review/release.py)."""
        from workflows.review.release import applicant_state

        return applicant_state(self)

    @property
    def applicant_label(self) -> str:
        """public_label of applicant_state: what the applicant's pages, API and emails show (the engine's
        predicate, shared by every program: workflows/review/release.py)."""
        from workflows.review.release import applicant_label

        return applicant_label(self)

    # --- applicant ---------------------------------------------------------------------
    @transition(
        field=state,
        source=State.DRAFT,
        target=State.SUBMITTED,
        permission=is_applicant_member,
        custom=labelled(_("提交申报")),
    )
    def submit(self):
        pass

    @transition(
        field=state,
        source=State.RETURNED_FOR_CORRECTION,
        target=State.SUBMITTED,
        permission=is_applicant_member,
        custom=labelled(_("补正后重新提交")),
    )
    def resubmit(self):
        pass

    @transition(
        field=state,
        source=WITHDRAWABLE_STATES,
        target=State.WITHDRAWN,
        permission=_may_withdraw,
        custom=labelled(_("撤回申报")),
    )
    def withdraw(self):
        pass

    # --- recommending body (初审, 推荐) ---------------------------------------------------
    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.RECOMMENDATION_NOTICE,
        permission=is_recommender_for,
        conditions=[_recommendation_notice_required],
        custom=labelled(_("发布推荐公示")),
    )
    def open_recommendation_notice(self):
        pass

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.RECOMMENDED,
        permission=is_recommender_for,
        conditions=[_recommendation_notice_skipped],
        custom=labelled(_("推荐")),
    )
    def recommend(self):
        pass

    @transition(
        field=state,
        source=State.RECOMMENDATION_NOTICE,
        target=State.RECOMMENDED,
        permission=is_recommender_for,
        custom=labelled(_("公示后推荐")),
    )
    def recommend_after_notice(self):
        pass

    @transition(
        field=state,
        source=[State.SUBMITTED, State.RECOMMENDATION_NOTICE, State.RETURNED_FOR_CORRECTION],
        target=State.NOT_RECOMMENDED,
        permission=is_recommender_for,
        custom=labelled(_("不予推荐")),
    )
    def not_recommend(self):
        pass

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.RETURNED_FOR_CORRECTION,
        permission=is_recommender_for,
        custom=labelled(_("退回补正")),
    )
    def return_for_correction(self):
        pass

    # --- secretariat (受理, 资格审查, stages) ---------------------------------------------
    @transition(
        field=state,
        source=State.RECOMMENDED,
        target=State.ACCEPTED,
        permission=is_secretariat,
        custom=on_desk(_("受理")),
    )
    def accept(self):
        pass

    @transition(
        field=state,
        source=State.ACCEPTED,
        target=State.QUALIFIED,
        permission=is_secretariat,
        custom=on_desk(_("资格审查通过")),
    )
    def qualify(self):
        pass

    @transition(
        field=state,
        source=State.ACCEPTED,
        target=State.INELIGIBLE,
        permission=is_secretariat,
        custom=on_desk(_("资格审查不通过"), needs_reason=True, danger=True),
    )
    def declare_ineligible(self):
        pass

    @transition(
        field=state,
        source=State.QUALIFIED,
        target=State.MATERIAL_REVIEW,
        permission=is_secretariat,
        custom=on_desk(_("开始材料评审")),
    )
    def start_material_review(self):
        pass

    @transition(
        field=state,
        source=State.MATERIAL_REVIEW,
        target=GET_STATE(
            _stage_after_material_review,
            states=[State.DEFENCE, State.SITE_REVIEW, State.COMPREHENSIVE_EVALUATION],
        ),
        permission=is_secretariat,
        custom=on_desk(_("进入下一评审阶段")),
    )
    def advance_from_material_review(self):
        pass

    @transition(
        field=state,
        source=State.DEFENCE,
        target=GET_STATE(_stage_after_defence, states=[State.SITE_REVIEW, State.COMPREHENSIVE_EVALUATION]),
        permission=is_secretariat,
        custom=on_desk(_("陈述答辩完成")),
    )
    def advance_from_defence(self):
        pass

    @transition(
        field=state,
        source=State.SITE_REVIEW,
        target=State.COMPREHENSIVE_EVALUATION,
        permission=is_secretariat,
        custom=on_desk(_("现场评审完成")),
    )
    def advance_from_site_review(self):
        pass

    @transition(
        field=state,
        source=State.COMPREHENSIVE_EVALUATION,
        target=State.COMMITTEE_DELIBERATION,
        permission=is_secretariat,
        custom=on_desk(_("提交评审委员会审议")),
    )
    def start_committee_deliberation(self):
        pass

    @transition(
        field=state,
        source=REVIEW_STATES,
        target=State.ELIMINATED,
        permission=is_committee_or_secretariat,
        custom=on_desk(_("淘汰"), needs_reason=True, danger=True),
    )
    def eliminate(self):
        pass

    @transition(
        field=state,
        source=State.COMMITTEE_DELIBERATION,
        target=State.PROPOSED,
        permission=is_committee_or_secretariat,
        custom=labelled(_("拟授奖")),
    )
    def propose(self, tier: str):
        self.tier = tier

    # --- public notice, approval ---------------------------------------------------------
    @transition(
        field=state,
        source=State.PROPOSED,
        target=State.PUBLIC_NOTICE,
        permission=is_secretariat,
        custom=labelled(_("发布拟授奖公示")),
    )
    def open_public_notice(self):
        pass

    @transition(
        field=state,
        source=State.PUBLIC_NOTICE,
        target=State.OBJECTION_REVIEW,
        permission=is_secretariat,
        custom=labelled(_("异议核查")),
    )
    def start_objection_review(self):
        pass

    @transition(
        field=state,
        source=State.OBJECTION_REVIEW,
        target=State.PUBLIC_NOTICE,
        permission=is_secretariat,
        custom=labelled(_("异议核查后恢复公示")),
    )
    def resume_public_notice(self):
        pass

    @transition(
        field=state,
        source=State.PUBLIC_NOTICE,
        target=State.PENDING_APPROVAL,
        permission=is_secretariat,
        custom=labelled(_("公示期满")),
    )
    def close_public_notice(self):
        pass

    @transition(
        field=state,
        source=State.PENDING_APPROVAL,
        target=State.AWARDED,
        permission=is_secretariat,
        custom=labelled(_("授奖")),
    )
    def award(self):
        pass

    @transition(
        field=state,
        source=State.PENDING_APPROVAL,
        target=State.NOT_AWARDED,
        permission=is_secretariat,
        custom=labelled(_("不予授奖")),
    )
    def decline_award(self):
        pass

    @transition(
        field=state,
        source=[s for s in PRE_AWARD_STATES if s != State.DRAFT],
        target=State.DISQUALIFIED,
        permission=is_committee_or_secretariat,
        custom=on_desk(_("取消资格"), needs_reason=True, danger=True),
    )
    def disqualify(self):
        pass

    # --- the title's end (performed by workflows/titles in the title's transaction) --------
    @transition(
        field=state, source=State.AWARDED, target=State.REVOKED, permission=nobody, custom=labelled(_("撤销奖励"))
    )
    def revoke(self):
        pass

    @transition(
        field=state, source=State.AWARDED, target=State.EXPIRED, permission=nobody, custom=labelled(_("有效期满"))
    )
    def expire(self):
        pass


class Section(models.TextChoices):
    """Parts of the application form; a correction request reopens some of them."""

    BASIC = "basic", _("基本信息")
    PROFILE = "profile", _("组织概述")
    SELF_ASSESSMENT = "self_assessment", _("自评")
    KEY_FIGURES = "key_figures", _("关键指标")
    DECLARATIONS = "declarations", _("资格声明")
    DOCUMENTS = "documents", _("申报材料")


def default_required_documents() -> list[dict]:
    return [
        {"slot": "business_licence", "label": "营业执照"},
        {"slot": "self_assessment_report", "label": "自评报告"},
        {"slot": "financial_statements", "label": "近三年审计报告"},
    ]


class AwardEditionSettings(models.Model):
    """Award-specific rules of an edition that the generic Edition does not hold (editable in the admin)."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="award_settings")
    required_documents = models.JSONField(
        _("必备材料"),
        default=default_required_documents,
        help_text=_('列表：[{"slot": "代码", "label": "名称"}]。'),
    )
    key_figure_years = models.PositiveSmallIntegerField(_("关键指标年数"), default=3)
    notify_staff_on_submission = models.BooleanField(_("提交时通知评审办"), default=True)

    class Meta:
        verbose_name = _("质量奖届次设置")
        verbose_name_plural = _("质量奖届次设置")

    def __str__(self) -> str:
        return str(self.edition)


class PreliminaryReview(models.Model):
    """The recommending body's 初审 of completeness, authenticity and format."""

    application = models.ForeignKey(AwardApplication, on_delete=models.CASCADE, related_name="preliminary_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    complete = models.BooleanField(_("材料完整"))
    authentic = models.BooleanField(_("内容真实"))
    well_formed = models.BooleanField(_("格式规范"))
    opinion = models.TextField(_("初审意见"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("初审记录")

    def __str__(self) -> str:
        return f"{self.application} · {self.created_at:%Y-%m-%d}"

    @property
    def passed(self) -> bool:
        return self.complete and self.authentic and self.well_formed
