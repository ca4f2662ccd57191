from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = _("质量强市示范城市")

    def ready(self):
        from .program import register_cities

        register_cities()
        from . import signals  # noqa: F401 (the title's validity onto the case)
