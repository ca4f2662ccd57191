"""Bilingual errors of the notice and objection workflow."""

from django.utils.translation import gettext_lazy

from workflows.exceptions import WorkflowError


class NoCandidates(WorkflowError):
    default_message = gettext_lazy("请至少选择一个拟授奖对象。")


class CandidateNotProposed(WorkflowError):
    default_message = gettext_lazy("只有“拟授奖”状态的对象可以公示。")


class MixedEditions(WorkflowError):
    default_message = gettext_lazy("同一公示中的对象须属于同一届次。")


class NoticeIndexMissing(WorkflowError):
    default_message = gettext_lazy("网站中没有“公示公告”栏目（slug 为 notices），无法发布公示。")


class NoticeNotOpenYet(WorkflowError):
    default_message = gettext_lazy("公示尚未开始，暂不受理异议。")


class NoticeWindowNotOver(WorkflowError):
    default_message = gettext_lazy("公示期尚未结束，不能结束公示。")


class ObjectionStillOpen(WorkflowError):
    default_message = gettext_lazy("仍有异议正在核查，不能结束公示。")


class NoticeAlreadyClosed(WorkflowError):
    default_message = gettext_lazy("该公示已经结束。")


class ObjectionAlreadyDecided(WorkflowError):
    default_message = gettext_lazy("该异议已有核查结论。")


class CandidateNotPendingApproval(WorkflowError):
    default_message = gettext_lazy("该对象尚未完成公示，不能登记审定结果。")
