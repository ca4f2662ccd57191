"""Staff screens for zones in the Wagtail admin: per-edition zone rules and indicator methods."""

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import IndicatorMethod, ZoneRules


class ZoneRulesViewSet(SnippetViewSet):
    model = ZoneRules
    icon = "date"
    menu_label = "届次规则 Edition rules"
    list_display = ["edition", "creation_period_years", "extension_months", "acceptance_pass_score"]
    panels = [
        FieldPanel("edition"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("creation_period_years"), FieldPanel("extension_months")]),
                FieldRowPanel([FieldPanel("reminder_lead_days"), FieldPanel("acceptance_pass_score")]),
                FieldPanel("provincial_quota"),
            ],
            heading="期限与分数线 Periods and pass line",
            help_text="示范期长度取届次的“称号有效期（年）”。The demonstration period is the edition's title validity.",
        ),
    ]


class IndicatorMethodViewSet(SnippetViewSet):
    model = IndicatorMethod
    icon = "list-ol"
    menu_label = "指标评价方式 Indicator methods"
    list_display = ["criterion", "method"]
    list_filter = ["method"]
    panels = [FieldPanel("criterion"), FieldPanel("method"), FieldPanel("spec")]


class ZonesGroup(SnippetViewSetGroup):
    # Zone cases change only through brands/services.py (state, deadlines, log), so they have no
    # generic create/edit screen here.
    items = (ZoneRulesViewSet, IndicatorMethodViewSet)
    menu_icon = "site"
    menu_label = "示范区 Zones"
    menu_name = "zones"


register_snippet(ZonesGroup)
