"""Domain errors users can cause. Views turn them into clear bilingual messages, never 500s."""

from django.utils.translation import gettext_lazy

from accounts.exceptions import UserError


class WorkflowError(UserError):
    default_message = gettext_lazy("操作无法完成。")


class StaleState(WorkflowError):
    default_message = gettext_lazy("此记录已被他人更改，请刷新页面后重试。")


class TransitionNotAllowed(WorkflowError):
    default_message = gettext_lazy("当前状态下不能执行此操作。")


class NotPermitted(WorkflowError):
    default_message = gettext_lazy("您无权执行此操作。")


class DeadlinePassed(WorkflowError):
    default_message = gettext_lazy("已超过截止时间。")


class NotEligible(WorkflowError):
    default_message = gettext_lazy("不符合申报条件。")


class ConflictOfInterest(WorkflowError):
    default_message = gettext_lazy("存在利益冲突，须回避。")


class CreditNotCleared(NotEligible):
    """A step the program gates on credit screening, while the latest screening has not passed."""

    default_message = gettext_lazy("信用核查未通过，不能办理此步骤。")
