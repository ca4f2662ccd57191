from django import forms
from django.utils.translation import gettext_lazy as _


class CreditDecisionForm(forms.Form):
    """Staff decide a credit screening by hand; the reason is kept on the check and in the audit trail."""

    passed = forms.TypedChoiceField(
        label=_("经办人决定"),
        choices=[("1", _("通过")), ("0", _("不通过"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("决定理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
