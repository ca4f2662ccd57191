"""Staff screens for organisations and role grants."""

from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_forms import CreditCodeSnippetViewSet
from .models import Organization, RoleGrant


class OrganizationViewSet(CreditCodeSnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = gettext_lazy("组织")
    list_display = ["name", "credit_code", "credit_code_warnings", "kind", "region_code"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "credit_code"]
    panels = [
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("credit_code"),
        FieldPanel("region_code"),
        FieldPanel("industry_code"),
        FieldPanel("group_name"),
        FieldPanel("founded_on"),
        FieldPanel("address"),
        FieldPanel("contact_name"),
        FieldPanel("contact_phone"),
    ]


class RoleGrantViewSet(SnippetViewSet):
    model = RoleGrant
    icon = "key"
    menu_label = gettext_lazy("角色授权")
    list_display = ["user", "role", "region_code"]
    list_filter = ["role"]
    panels = [FieldPanel("user"), FieldPanel("role"), FieldPanel("region_code")]


class AccountsGroup(SnippetViewSetGroup):
    items = (OrganizationViewSet, RoleGrantViewSet)
    menu_icon = "group"
    menu_label = gettext_lazy("用户与组织")
    menu_name = "people"


register_snippet(AccountsGroup)
