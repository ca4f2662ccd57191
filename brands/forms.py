from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PUBLIC_STATUS_GROUPS, ZoneReport
from .provinces import PROVINCE_TILES


class DirectoryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态 Status"),
        required=False,
        choices=[("", _("全部 All"))] + [(key, label) for key, (label, _states) in PUBLIC_STATUS_GROUPS.items()],
    )
    province = forms.ChoiceField(
        label=_("省份 Province"),
        required=False,
        choices=[("", _("全部 All"))] + [(code, f"{name} {english}") for code, name, english, *_ in PROVINCE_TILES],
    )
    industry = forms.CharField(label=_("主导产业 Industry"), required=False, max_length=100)
    year = forms.IntegerField(label=_("年度 Year"), required=False, min_value=1990, max_value=9999)


class ZoneReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("报告类型 Report type"), choices=ZoneReport.Kind.choices)
    year = forms.IntegerField(label=_("年度 Year"), min_value=2000, max_value=2100)
    summary = forms.CharField(label=_("报告内容 Report"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)


class ExtensionRequestForm(forms.Form):
    reason = forms.CharField(label=_("延期理由 Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
