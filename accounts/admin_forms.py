"""Wagtail admin screens that hold a 统一社会信用代码: accept unusual codes, but say so (docs/credit-codes.md).

A code whose registration-authority/category pair or organisation-code check digit is not in the
GB 32100 tables is saved (amendments and legacy codes exist), and staff see why it looks unusual:
next to the field while they edit, and as a warning message once it is saved. A code that fails
the check digit is refused by the field's validator like any other invalid input.
"""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from .credit_code import CreditCodeError, check_credit_code
from .fields import CreditCodeFormField, credit_code_warnings


def _warnings_of(code: str) -> list[str]:
    try:
        return check_credit_code(code).warnings if code else []
    except CreditCodeError:
        return []


class CreditCodeAdminForm(WagtailAdminModelForm):
    """Shows a credit code's warnings under the field: the stored code's on opening, the typed one's after a post."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plain_help = {name: field.help_text for name, field in self._code_fields()}
        if self.instance.pk and not self.is_bound:
            for name, _field in self._code_fields():
                self._show(name, _warnings_of(getattr(self.instance, name, "") or ""))

    def _code_fields(self):
        return [(name, field) for name, field in self.fields.items() if isinstance(field, CreditCodeFormField)]

    def _show(self, name: str, warnings: list[str]) -> None:
        text = "；".join(warnings)
        help_text = self._plain_help.get(name) or ""
        if text:
            help_text = _("请核对：%(warning)s") % {"warning": text} + (f" {help_text}" if help_text else "")
        self.fields[name].help_text = help_text

    def clean(self):
        cleaned = super().clean()
        # The field's clean() has set its warnings for the value just typed; an invalid code has none.
        for name, field in self._code_fields():
            self._show(name, field.warnings if name not in self.errors else [])
        return cleaned


class CreditCodeWarningsMixin:
    """After a save, one warning message per unusual code, below Wagtail's own success message."""

    def save_action(self):
        response = super().save_action()
        if not self.expects_json_response:
            for warning in credit_code_warnings(self.form):
                messages.warning(self.request, _("统一社会信用代码已接受，但请核对：%(warning)s") % {"warning": warning})
        return response


class CreditCodeCreateView(CreditCodeWarningsMixin, CreateView):
    pass


class CreditCodeEditView(CreditCodeWarningsMixin, EditView):
    pass


class CreditCodeSnippetViewSet(SnippetViewSet):
    """A snippet whose ``panels`` include a credit-code field."""

    add_view_class = CreditCodeCreateView
    edit_view_class = CreditCodeEditView

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=CreditCodeAdminForm).bind_to_model(self.model)
