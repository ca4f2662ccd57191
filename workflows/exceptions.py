"""Domain errors users can cause. Views turn them into clear bilingual messages, never 500s."""


from accounts.exceptions import UserError


class WorkflowError(UserError):
    default_message = "操作无法完成。The action could not be completed."


class StaleState(WorkflowError):
    default_message = (
        "此记录已被他人更改，请刷新页面后重试。This record has changed since you opened it; reload and try again."
    )


class TransitionNotAllowed(WorkflowError):
    default_message = "当前状态下不能执行此操作。This action is not possible in the current state."


class NotPermitted(WorkflowError):
    default_message = "您无权执行此操作。You are not allowed to do this."


class DeadlinePassed(WorkflowError):
    default_message = "已超过截止时间。The deadline has passed."


class NotEligible(WorkflowError):
    default_message = "不符合申报条件。Not eligible."


class ConflictOfInterest(WorkflowError):
    default_message = "存在利益冲突，须回避。Conflict of interest: recusal required."
