"""Staff screens: the award-specific settings of an edition (required documents...)."""

from django.utils.translation import gettext_lazy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AwardEditionSettings


class AwardEditionSettingsViewSet(SnippetViewSet):
    model = AwardEditionSettings
    icon = "doc-full"
    menu_label = gettext_lazy("质量奖届次设置")
    list_display = ["edition", "key_figure_years", "notify_staff_on_submission"]
    form_fields = ["edition", "required_documents", "key_figure_years", "notify_staff_on_submission"]


register_snippet(AwardEditionSettingsViewSet)
