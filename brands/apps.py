from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandsConfig(AppConfig):
    name = "brands"
    verbose_name = _("品牌示范区")

    def ready(self):
        from .program import register_zones

        register_zones()
