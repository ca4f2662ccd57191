"""Staff screens for zones in the Wagtail admin: per-edition zone rules and indicator methods."""

from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import IndicatorMethod, ZoneRules


class ZoneRulesViewSet(SnippetViewSet):
    model = ZoneRules
    icon = "date"
    menu_label = gettext_lazy("届次规则")
    list_display = ["edition", "creation_period_years", "extension_months", "acceptance_pass_score"]
    panels = [
        FieldPanel("edition"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("creation_period_years"), FieldPanel("extension_months")]),
                FieldRowPanel([FieldPanel("reminder_lead_days"), FieldPanel("acceptance_pass_score")]),
                FieldPanel("provincial_quota"),
            ],
            heading=gettext_lazy("期限与分数线"),
            help_text=gettext_lazy("示范期长度取届次的“称号有效期（年）”。"),
        ),
        FieldPanel("required_documents"),
    ]


class IndicatorMethodViewSet(SnippetViewSet):
    model = IndicatorMethod
    icon = "list-ol"
    menu_label = gettext_lazy("指标评价方式")
    list_display = ["criterion", "method"]
    list_filter = ["method"]
    panels = [FieldPanel("criterion"), FieldPanel("method"), FieldPanel("spec")]


class ZonesGroup(SnippetViewSetGroup):
    # Zone cases change only through brands/services.py (state, deadlines, log), so they have no
    # generic create/edit screen here.
    items = (ZoneRulesViewSet, IndicatorMethodViewSet)
    menu_icon = "site"
    menu_label = gettext_lazy("示范区")
    menu_name = "zones"


register_snippet(ZonesGroup)
