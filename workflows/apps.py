from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("评审流程")

    def ready(self):
        from accounts.dashboard_links import add_provider

        from . import staff_desks  # the engine's desks in the shared staff navigation

        add_provider(staff_desks.dashboard_links)
