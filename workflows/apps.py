from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("评审流程")

    def ready(self):
        from . import staff_desks  # noqa: F401  the engine's desks in the shared staff navigation
