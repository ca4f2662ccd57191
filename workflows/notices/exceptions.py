"""Bilingual errors of the notice and objection workflow."""

from workflows.exceptions import WorkflowError


class NoCandidates(WorkflowError):
    default_message = "请至少选择一个拟授奖对象。Choose at least one proposed candidate."


class CandidateNotProposed(WorkflowError):
    default_message = "只有“拟授奖”状态的对象可以公示。Only proposed candidates can be put on notice."


class MixedEditions(WorkflowError):
    default_message = "同一公示中的对象须属于同一届次。All candidates of a notice must belong to the same edition."


class NoticeIndexMissing(WorkflowError):
    default_message = (
        "网站中没有“公示公告”栏目（slug 为 notices），无法发布公示。"
        "The site has no notices section (slug “notices”) to publish the notice in."
    )


class NoticeNotOpenYet(WorkflowError):
    default_message = "公示尚未开始，暂不受理异议。The notice has not started yet; objections are not accepted."


class NoticeWindowNotOver(WorkflowError):
    default_message = "公示期尚未结束，不能结束公示。The notice period has not ended yet."


class ObjectionStillOpen(WorkflowError):
    default_message = "仍有异议正在核查，不能结束公示。An objection is still being verified; the notice cannot close."


class NoticeAlreadyClosed(WorkflowError):
    default_message = "该公示已经结束。This notice has already been closed."


class ObjectionAlreadyDecided(WorkflowError):
    default_message = "该异议已有核查结论。This objection has already been decided."


class CandidateNotPendingApproval(WorkflowError):
    default_message = "该对象尚未完成公示，不能登记审定结果。The candidate has not completed the notice yet."
