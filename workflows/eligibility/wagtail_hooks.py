"""Staff screens: eligibility rules per edition and the ban registry."""

from django.utils.translation import gettext_lazy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Ban, EligibilityRule


class EligibilityRuleViewSet(SnippetViewSet):
    model = EligibilityRule
    icon = "tick-inverse"
    menu_label = gettext_lazy("申报条件")
    list_display = ["edition", "rule_type", "params", "is_hard"]
    list_filter = ["edition", "rule_type", "is_hard"]


class BanViewSet(SnippetViewSet):
    model = Ban
    icon = "warning"
    menu_label = gettext_lazy("禁止申报名单")
    list_display = ["organization", "program", "starts_on", "ends_on", "editions_count"]
    list_filter = ["program"]
    search_fields = ["reason", "source_note"]
    form_fields = [
        "organization",
        "program",
        "reason",
        "source_note",
        "starts_on",
        "ends_on",
        "editions_count",
    ]


class EligibilityGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("申报资格")
    menu_icon = "tick-inverse"
    items = (EligibilityRuleViewSet, BanViewSet)


register_snippet(EligibilityGroup)
