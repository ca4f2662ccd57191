"""Staff screen: the retention period of each record class (the privacy page and the purge read them)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import RetentionPeriod


class RetentionPeriodViewSet(SnippetViewSet):
    model = RetentionPeriod
    icon = "time"
    menu_label = _("保存期限")
    add_to_admin_menu = True
    list_display = ["record_class", "years", "counted_from"]
    form_fields = ["record_class", "years", "counted_from", "what_is_kept", "after_expiry"]


register_snippet(RetentionPeriodViewSet)
