"""Staff admin: per-edition title rules, and menu links to the notice and title desks."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import TitleRules


class TitleRulesViewSet(SnippetViewSet):
    model = TitleRules
    icon = "pick"
    menu_label = gettext_lazy("称号规则")
    add_to_admin_menu = False
    list_display = ["edition", "review_interval_months", "rectification_working_days", "prize_money"]


register_snippet(TitleRulesViewSet)


def _secretariat(request) -> bool:
    return getattr(request.user, "is_secretariat", False)


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return _secretariat(request)


@hooks.register("register_admin_menu_item")
def notices_desk_menu_item():
    return SecretariatMenuItem(
        gettext_lazy("公示与异议"), reverse("notices:staff_desk"), icon_name="doc-full", order=900
    )


@hooks.register("register_admin_menu_item")
def reviews_menu_item():
    return SecretariatMenuItem(gettext_lazy("复评计划"), reverse("titles:staff_reviews"), icon_name="date", order=901)


@hooks.register("register_admin_menu_item")
def revocations_menu_item():
    return SecretariatMenuItem(
        gettext_lazy("撤销与追回"), reverse("titles:staff_revocations"), icon_name="warning", order=902
    )
