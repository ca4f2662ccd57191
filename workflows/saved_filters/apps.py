from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SavedFiltersConfig(AppConfig):
    name = "workflows.saved_filters"
    label = "saved_filters"
    verbose_name = _("已保存的筛选")
