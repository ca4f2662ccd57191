"""The base of every error a user can cause; views show its `.message` instead of failing.

The engine's domain errors (workflows.exceptions.WorkflowError) derive from it, so accounts needs
nothing from workflows.
"""

from django.utils.translation import gettext_lazy


class UserError(Exception):
    default_message = gettext_lazy("操作无法完成。")

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message
        super().__init__(self.message)
