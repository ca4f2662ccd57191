"""Review errors users can cause; bilingual messages (views show them, never a 500)."""

from django.utils.translation import gettext_lazy

from workflows.exceptions import ConflictOfInterest, WorkflowError

__all__ = [
    "ConflictOfInterest",
    "DeviationReasonRequired",
    "IncompleteScorecard",
    "NotEnoughExperts",
    "ReviewError",
    "ScoreSealed",
]


class ReviewError(WorkflowError):
    pass


class ScoreSealed(ReviewError):
    default_message = gettext_lazy("评分已提交封存，修改须经评审办批准。")


class IncompleteScorecard(ReviewError):
    default_message = gettext_lazy("请为每个条款评分后再提交。")


class NotEnoughExperts(ReviewError):
    default_message = gettext_lazy("专家库中无回避冲突且可用的专家不足。")


class DeviationReasonRequired(ReviewError):
    default_message = gettext_lazy("部分条款得分偏离专家组中位数超过限值，请逐项说明理由。")

    def __init__(self, flagged: list[int], message: str | None = None):
        self.flagged = flagged
        super().__init__(message)
