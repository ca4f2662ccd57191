"""Staff screens in the Wagtail admin: review settings per edition, the expert pool, avoidance requests.

Conflict overrides, draws and scores are not editable here: they go through services.py (logged).
"""

from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.admin_forms import CreditCodeSnippetViewSet

from .models import AvoidanceRequest, ConsultancyTie, ExpertProfile, PastEmployment, ReviewSettings


class ReviewSettingsViewSet(SnippetViewSet):
    model = ReviewSettings
    icon = "cog"
    menu_label = gettext_lazy("评审设置")
    list_display = ["edition", "aggregation_method", "panel_size", "deviation_limit"]
    panels = [
        FieldPanel("edition"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("former_employer_years"), FieldPanel("require_cross_region")]),
                FieldRowPanel([FieldPanel("blind_until_submitted"), FieldPanel("identity_visible")]),
            ],
            heading=gettext_lazy("回避与保密"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("panel_size"), FieldPanel("deviation_limit"), FieldPanel("reminder_offsets")]
                ),
                FieldRowPanel([FieldPanel("aggregation_method"), FieldPanel("stage_weights")]),
            ],
            heading=gettext_lazy("评分与汇总"),
        ),
        InlinePanel(
            "stage_settings",
            heading=gettext_lazy("分阶段设置"),
            label=gettext_lazy("阶段"),
            help_text=(gettext_lazy("未设置的阶段沿用上面的届次设置。")),
            panels=[
                FieldPanel("stage"),
                FieldPanel("blind_until_submitted"),
                FieldPanel("aggregation_method"),
                FieldPanel("reminder_offsets"),
            ],
        ),
        FieldRowPanel(
            [
                FieldPanel("ballot_majority_numerator"),
                FieldPanel("ballot_majority_denominator"),
                FieldPanel("ballot_majority_strict"),
            ],
            heading=gettext_lazy("委员会表决"),
        ),
    ]


class ExpertProfileViewSet(CreditCodeSnippetViewSet):
    model = ExpertProfile
    icon = "user"
    menu_label = gettext_lazy("专家库")
    list_display = ["user", "specialties", "region_code", "employer_name", "is_available"]
    list_filter = ["is_available"]
    search_fields = ["employer_name", "specialties", "titles"]
    panels = [
        FieldPanel("user"),
        FieldPanel("specialties"),
        FieldPanel("region_code"),
        FieldRowPanel([FieldPanel("employer_name"), FieldPanel("employer_credit_code")]),
        FieldPanel("employer_group"),
        FieldPanel("titles"),
        FieldPanel("qualifications"),
        FieldRowPanel([FieldPanel("is_available"), FieldPanel("unavailable_note")]),
    ]


class PastEmploymentViewSet(CreditCodeSnippetViewSet):
    model = PastEmployment
    icon = "history"
    menu_label = gettext_lazy("曾任职单位")
    list_display = ["expert", "organization_name", "credit_code", "ended_on"]
    panels = [
        FieldPanel("expert"),
        FieldRowPanel([FieldPanel("organization_name"), FieldPanel("credit_code")]),
        FieldPanel("group_name"),
        FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")]),
    ]


class ConsultancyTieViewSet(CreditCodeSnippetViewSet):
    model = ConsultancyTie
    icon = "link"
    menu_label = gettext_lazy("咨询辅导关系")
    list_display = ["expert", "kind", "organization_name", "credit_code", "ended_on"]
    panels = [
        FieldPanel("expert"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("organization_name"), FieldPanel("credit_code")]),
        FieldPanel("ended_on"),
        FieldPanel("note"),
    ]


class AvoidanceRequestViewSet(SnippetViewSet):
    model = AvoidanceRequest
    icon = "warning"
    menu_label = gettext_lazy("申请回避")
    list_display = ["__str__", "expert", "content_type", "object_id", "status", "requested_at"]
    list_filter = ["status"]
    panels = [
        FieldPanel("status"),
        FieldPanel("expert"),
        FieldRowPanel(
            [
                FieldPanel("expert_name", read_only=True),
                FieldPanel("organization_name", read_only=True),
                FieldPanel("organization_credit_code", read_only=True),
            ],
            heading=gettext_lazy("申报单位填写"),
        ),
        FieldPanel("reason", read_only=True),
    ]


class ReviewGroup(SnippetViewSetGroup):
    items = (
        ReviewSettingsViewSet,
        ExpertProfileViewSet,
        PastEmploymentViewSet,
        ConsultancyTieViewSet,
        AvoidanceRequestViewSet,
    )
    menu_icon = "group"
    menu_label = gettext_lazy("专家评审")
    menu_name = "expert-review"


register_snippet(ReviewGroup)


@hooks.register("register_admin_menu_item")
def review_workspace_menu_item():
    return MenuItem(gettext_lazy("评审工作台"), "/review/staff/", icon_name="tasks", order=250)
