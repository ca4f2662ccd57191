"""Staff screens in the Wagtail admin for the data that drives every workflow."""

from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CalendarOverride, CalendarYear, CriteriaFramework, Edition, Program


class ProgramViewSet(SnippetViewSet):
    model = Program
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("项目")
    list_display = ["name", "kind", "level", "authority"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "authority"]


class EditionViewSet(SnippetViewSet):
    model = Edition
    icon = "date"
    menu_label = gettext_lazy("届次")
    list_display = ["title", "program", "year", "opens_at", "closes_at"]
    list_filter = ["program", "year"]
    search_fields = ["title"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("program"),
                FieldRowPanel([FieldPanel("year"), FieldPanel("title")]),
                FieldPanel("criteria_framework"),
            ],
            heading=gettext_lazy("基本信息"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]), FieldPanel("reference_date")],
            heading=gettext_lazy("申报时间"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("notice_length"), FieldPanel("notice_unit"), FieldPanel("notice_start_day_counts")]
                ),
                FieldRowPanel([FieldPanel("objection_review_days"), FieldPanel("correction_days")]),
            ],
            heading=gettext_lazy("公示与时限"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("award_quota"), FieldPanel("nomination_quota")]),
                FieldRowPanel([FieldPanel("award_min_score"), FieldPanel("nomination_min_score")]),
            ],
            heading=gettext_lazy("名额与分数线"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("has_recommendation_notice"),
                FieldPanel("has_defence"),
                FieldPanel("has_site_review"),
                FieldPanel("profile_char_limit"),
            ],
            heading=gettext_lazy("可选环节"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("validity_years"), FieldPanel("cool_down_years")]),
                FieldRowPanel([FieldPanel("ban_kind"), FieldPanel("ban_years"), FieldPanel("ban_editions")]),
            ],
            heading=gettext_lazy("称号与禁止申报"),
        ),
    ]


class CalendarOverrideViewSet(SnippetViewSet):
    model = CalendarOverride
    icon = "calendar"
    menu_label = gettext_lazy("节假日调整")
    list_display = ["date", "is_workday", "source_doc", "region_code"]
    list_filter = ["is_workday"]
    panels = [
        FieldPanel("date"),
        FieldPanel("is_workday"),
        FieldPanel("region_code"),
        FieldPanel("source_doc"),
        FieldPanel("note"),
    ]


class CalendarYearViewSet(SnippetViewSet):
    model = CalendarYear
    icon = "calendar-check"
    menu_label = "日历年度"
    list_display = ["year", "complete", "source_doc", "marked_at"]
    list_filter = ["complete"]
    panels = [FieldPanel("year"), FieldPanel("complete"), FieldPanel("source_doc"), FieldPanel("note")]


class CriteriaFrameworkViewSet(SnippetViewSet):
    model = CriteriaFramework
    icon = "list-ol"
    menu_label = gettext_lazy("评价准则")
    list_display = ["name", "version", "total_points"]
    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("version"),
        FieldPanel("total_points"),
        FieldPanel("note"),
    ]


class WorkflowSettingsGroup(SnippetViewSetGroup):
    items = (ProgramViewSet, EditionViewSet, CalendarOverrideViewSet, CalendarYearViewSet, CriteriaFrameworkViewSet)
    menu_icon = "cogs"
    menu_label = gettext_lazy("评审设置")
    menu_name = "programs"


register_snippet(WorkflowSettingsGroup)


class StaffDesksPanel(Component):
    """The admin's home page lists the staff desks with what waits on this user there (workflows/staff_desks.py)."""

    name = "staff_desks"
    template_name = "wagtailadmin_panels/staff_desks.html"
    order = 50  # above Wagtail's own panels

    def get_context_data(self, parent_context):
        from .staff_desks import staff_navigation

        context = super().get_context_data(parent_context)
        context["desks"] = staff_navigation(parent_context["request"].user)
        return context


@hooks.register("construct_homepage_panels")
def add_staff_desks_panel(request, panels):
    panels.insert(0, StaffDesksPanel())
