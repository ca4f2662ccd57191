from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitlesConfig(AppConfig):
    name = "workflows.titles"
    label = "titles"
    verbose_name = _("称号与退出")
