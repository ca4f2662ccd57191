from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("质量奖申报")

    def ready(self):
        from .program import register_awards

        register_awards()
