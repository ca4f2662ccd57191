"""Review errors users can cause; bilingual messages (views show them, never a 500)."""

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
    default_message = "评分已提交封存，修改须经评审办批准。Submitted scores are sealed; changing them needs a staff-approved amendment."


class IncompleteScorecard(ReviewError):
    default_message = "请为每个条款评分后再提交。Score every item before submitting."


class NotEnoughExperts(ReviewError):
    default_message = "专家库中无回避冲突且可用的专家不足。Not enough available experts without conflicts in the pool."


class DeviationReasonRequired(ReviewError):
    default_message = (
        "部分条款得分偏离专家组中位数超过限值，请逐项说明理由。"
        "Some item scores are further from the panel median than allowed; give a reason for each."
    )

    def __init__(self, flagged: list[int], message: str | None = None):
        self.flagged = flagged
        super().__init__(message)
