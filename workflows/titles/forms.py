from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PeriodicReview, Revocation


class VerifyForm(forms.Form):
    serial = forms.CharField(label=_("证书编号 Certificate serial number"), max_length=40)


class RevocationForm(forms.Form):
    trigger = forms.ChoiceField(label=_("撤销事由 Trigger"), choices=Revocation.Trigger.choices)
    reason = forms.CharField(label=_("撤销理由 Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    authority = forms.CharField(label=_("决定机关 Deciding authority"), max_length=200)
    document_no = forms.CharField(label=_("决定文号 Document number"), max_length=100)
    decided_on = forms.DateField(label=_("决定日期 Decided on"), widget=forms.DateInput(attrs={"type": "date"}))


class ReviewConclusionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("复评结论 Outcome"), choices=PeriodicReview.Outcome.choices)
    memo = forms.CharField(label=_("复评意见 Memo"), max_length=5000)
