from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("搜索")

    def ready(self):
        # Registering connects the outbox signals: other apps call nothing.
        from .indexed_types import register_core_types, register_program_types

        register_core_types()
        register_program_types()
