"""Forms of the city pages. Messages in Chinese through gettext; English in the catalogue."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import City, CityYearFigures, PlanItem, ProgressLine, State


class CityForm(forms.ModelForm):
    class Meta:
        model = City
        fields = ["name", "city_type", "region_code", "population_10k", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, governments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if governments is not None:
            self.fields = {
                "organization": forms.ModelChoiceField(
                    queryset=governments, label=_("申报单位（城市人民政府）"), empty_label=None
                ),
                **self.fields,
            }

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class YearFiguresForm(forms.ModelForm):
    class Meta:
        model = CityYearFigures
        fields = ["year", "gdp_100m", "pillar_industries", "spot_check_pass_rate", "quality_incidents", "famous_brands"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.TypedChoiceField(label=_("年度"), choices=[(y, y) for y in years], coerce=int)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由或意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("城市、创建主体或编号"), required=False)
    edition = forms.TypedChoiceField(label=_("届次"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部"))] + [(value, label) for value, label in State.choices if value != State.DRAFT],
    )

    def __init__(self, *args, editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [("", _("全部"))] + [(e.pk, e.title) for e in editions]


class HearingPanelForm(forms.Form):
    """组织申述答辩: the hearing panel on the engine's review; its experts are drawn on the review desk."""

    name = forms.CharField(label=_("答辩专家组名称"), max_length=120)
    deadline = forms.DateTimeField(
        label=_("评议截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        error_messages={"required": _("请填写评议截止时间。"), "invalid": _("时间格式不正确。")},
    )
    size = forms.IntegerField(
        label=_("专家人数"),
        min_value=1,
        max_value=30,
        required=False,
        error_messages={"min_value": _("至少1人。"), "max_value": _("至多30人。")},
    )
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("评议截止时间须晚于现在。"))
        return deadline


class ApprovalForm(forms.Form):
    """批准创建 by letter: its number and date; the creation plan is due within the edition's months."""

    approval_doc_no = forms.CharField(
        label=_("批准创建文号"), max_length=100, error_messages={"required": _("请填写批准创建文号。")}
    )
    approved_on = forms.DateField(
        label=_("批准创建日期"),
        # ISO, which <input type=date> needs whatever the page's language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写批准创建日期。"), "invalid": _("日期格式不正确。")},
    )
    reason = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["kind", "title", "owner_department", "comparator", "target_value", "unit", "target_text"]

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class AcceptancePanelForm(HearingPanelForm):
    """组织验收评审: the acceptance panel on the engine's review; experts drawn on the review desk."""

    name = forms.CharField(label=_("验收专家组名称"), max_length=120)
    open_survey = forms.BooleanField(
        label=_("同时开启本市市民质量满意度测评"),
        required=False,
        initial=True,
        help_text=_("须先开放本届问卷并设置本市区县样本配额；测评在验收汇总时结束。"),
    )


class ConfirmForm(forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)


class ProgressReportForm(forms.Form):
    """A yearly progress report (with `years`) or the final figures of the acceptance application:
    per plan item its achieved value (indicators), its status and a note; a narrative; a file."""

    def __init__(self, *args, items=(), years=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils.translation import gettext

        if years is not None:
            self.fields["year"] = forms.TypedChoiceField(
                label=_("创建年度"), choices=[(y, gettext("第%(n)s年") % {"n": y}) for y in years], coerce=int
            )
        self.items = list(items)
        for item in self.items:
            if item.kind == PlanItem.Kind.INDICATOR:
                self.fields[f"value_{item.pk}"] = forms.DecimalField(
                    label=gettext("%(item)s：完成值（目标 %(target)s）") % {"item": item.title, "target": item.target},
                    max_digits=14,
                    decimal_places=2,
                    error_messages={"required": _("请填写完成值。"), "invalid": _("请填写数字。")},
                )
            self.fields[f"progress_{item.pk}"] = forms.ChoiceField(
                label=gettext("%(item)s：完成情况") % {"item": item.title}, choices=ProgressLine.Progress.choices
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=gettext("%(item)s：说明") % {"item": item.title}, required=False, max_length=300
            )
        self.fields["narrative"] = forms.CharField(
            label=_("总体进展"),
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=5000,
            error_messages={"required": _("请填写总体进展。")},
        )
        self.fields["document"] = forms.FileField(label=_("附件（可选）"), required=False)
        self.fields["expected_state"] = forms.CharField(widget=forms.HiddenInput, required=False)

    def lines(self) -> dict:
        data = self.cleaned_data
        return {
            item.pk: {
                "achieved_value": data.get(f"value_{item.pk}"),
                "progress": data[f"progress_{item.pk}"],
                "note": data.get(f"note_{item.pk}", ""),
            }
            for item in self.items
        }


class ProgressDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("通过")), ("return", _("退回修改"))])
    reason = forms.CharField(
        label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class NoticeForm(forms.Form):
    """拟命名公示 of this city (a batch is opened on the notice desk): the first day of the window."""

    start = forms.DateField(
        label=_("公示开始日"),
        required=False,
        help_text=_("不填则从今天开始；公示期按本届规定的工作日计算。"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("日期格式不正确。")},
    )
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)


class NamingForm(forms.Form):
    """命名 by the government's decision: its number and date; the demonstration period runs from that date."""

    document_no = forms.CharField(
        label=_("命名文号"), max_length=100, error_messages={"required": _("请填写命名文号。")}
    )
    approved_on = forms.DateField(
        label=_("命名日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写命名日期。"), "invalid": _("日期格式不正确。")},
    )
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)
