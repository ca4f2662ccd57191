from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PeriodicReview, Revocation


class VerifyForm(forms.Form):
    serial = forms.CharField(label=_("证书编号"), max_length=40)


class RevocationForm(forms.Form):
    trigger = forms.ChoiceField(label=_("撤销事由"), choices=Revocation.Trigger.choices)
    reason = forms.CharField(label=_("撤销理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    authority = forms.CharField(label=_("决定机关"), max_length=200)
    document_no = forms.CharField(label=_("决定文号"), max_length=100)
    decided_on = forms.DateField(label=_("决定日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ReviewConclusionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("复评结论"), choices=PeriodicReview.Outcome.choices)
    memo = forms.CharField(label=_("复评意见"), max_length=5000)
