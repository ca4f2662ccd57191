"""The base of every error a user can cause; views show its `.message` instead of failing.

The engine's domain errors (workflows.exceptions.WorkflowError) derive from it, so accounts needs
nothing from workflows.
"""


class UserError(Exception):
    default_message = "操作无法完成。The action could not be completed."

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message
        super().__init__(self.message)
