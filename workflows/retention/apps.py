from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "workflows.retention"
    label = "retention"
    verbose_name = _("个人信息保存期限")
