from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 60
QUERY_MAX_LENGTH = 1000


class SavedFilter(models.Model):
    """A staff member's named filter on one desk: the desk's query string, kept so a recurring
    look ("山东 · 待形式审查") is one click instead of five fields (docs/staff-desks.md)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters")
    desk = models.CharField(_("工作台"), max_length=40)
    name = models.CharField(_("名称"), max_length=NAME_MAX_LENGTH)
    query = models.CharField(_("筛选条件"), max_length=QUERY_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("已保存的筛选")
        verbose_name_plural = _("已保存的筛选")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "desk", "name"], name="one_saved_filter_name_per_desk")]

    def __str__(self) -> str:
        return self.name
