from decimal import Decimal

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.titles.models import Revocation

from .models import PUBLIC_STATUS_GROUPS, State, Zone, ZoneReport, ZoneYearFigures
from .provinces import PROVINCE_NAMES, province_choices


class DirectoryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部"))] + [(key, label) for key, (label, _states) in PUBLIC_STATUS_GROUPS.items()],
    )
    province = forms.ChoiceField(
        label=_("省份"),
        required=False,
        choices=province_choices,
    )
    industry = forms.CharField(label=_("主导产业"), required=False, max_length=100)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1990, max_value=9999)


class ZoneReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("报告类型"), choices=ZoneReport.Kind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    summary = forms.CharField(label=_("报告内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)


class ExtensionRequestForm(forms.Form):
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


# --- the creating body's application ---------------------------------------------------------------
class ZoneApplicationForm(forms.ModelForm):
    """The zone's application data (申报信息); the yearly figures have their own form."""

    class Meta:
        model = Zone
        fields = ["name", "park_name", "region_code", "leading_industry", "industry_code", "area_km2", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            field: {"required": _("此项必填。")} for field in ["name", "park_name", "region_code", "leading_industry"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_km2"].required = True
        self.fields["area_km2"].error_messages.update(
            required=_("请填写面积。"),
            invalid=_("请输入数字。"),
            max_digits=_("数值过大。"),
            max_whole_digits=_("数值过大。"),
            max_decimal_places=_("最多保留两位小数。"),
        )
        for field in self.fields.values():
            field.error_messages["max_length"] = _("内容过长。")
        self.fields["summary"].validators.append(MaxLengthValidator(5000, _("内容过长。")))

    def clean_region_code(self) -> str:
        code = (self.cleaned_data.get("region_code") or "").strip()
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError(_("行政区划代码应为6位数字（GB/T 2260）。"))
        if code[:2] not in PROVINCE_NAMES:
            raise forms.ValidationError(_("行政区划代码的前两位不是有效的省级代码。"))
        return code

    def clean_area_km2(self) -> Decimal:
        area = self.cleaned_data.get("area_km2")
        if area is not None and area <= 0:
            raise forms.ValidationError(_("面积须大于0。"))
        return area

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ZoneCreateForm(ZoneApplicationForm):
    """A new application also names the creating body (when the user acts for several)."""

    organization = forms.ModelChoiceField(label=_("创建主体"), queryset=None, empty_label=None)

    class Meta(ZoneApplicationForm.Meta):
        pass

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = bodies
        self.fields["organization"].error_messages["invalid_choice"] = _("请选择您所在的创建主体。")
        self.order_fields(["organization"])


class ZoneYearFiguresForm(forms.ModelForm):
    """One year's key figures: enterprises, output value, leading-industry share, brands, GI products, standards."""

    class Meta:
        model = ZoneYearFigures
        fields = [
            "year",
            "enterprise_count",
            "output_value",
            "leading_industry_share",
            "brand_count",
            "gi_product_count",
            "standards_led_count",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.update(
                required=_("此项必填。"),
                invalid=_("请输入有效的数字。"),
                min_value=_("不能为负数。"),
                max_value=_("数值过大。"),
                max_digits=_("数值过大。"),
                max_whole_digits=_("数值过大。"),
                max_decimal_places=_("最多保留两位小数。"),
            )
        self.fields["year"].min_value = 2000
        self.fields["year"].max_value = 2100
        self.fields["year"].validators = []

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("年度应在2000至2100之间。"))
        return year

    def clean_output_value(self) -> Decimal:
        value = self.cleaned_data["output_value"]
        if value < 0:
            raise forms.ValidationError(_("不能为负数。"))
        return value

    def clean_leading_industry_share(self) -> Decimal:
        share = self.cleaned_data["leading_industry_share"]
        if not 0 <= share <= 100:
            raise forms.ValidationError(_("占比应在0至100之间。"))
        return share

    def validate_unique(self) -> None:
        """The service updates the year's row if it exists; no unique-together error here."""

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class ReasonForm(forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("请填写理由。")},
    )


# --- provincial recommender --------------------------------------------------------------------------
class RecommenderZoneDecisionForm(forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("推荐意见"),
        choices=[("recommend", _("同意推荐")), ("not_recommend", _("不予推荐"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择推荐意见。")},
    )
    reason = forms.CharField(
        label=_("推荐意见说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text=_("不予推荐时必填。"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "not_recommend" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("请填写不予推荐的理由。"))
        return data


# --- secretariat ----------------------------------------------------------------------------------
class StaffZoneFilterForm(forms.Form):
    q = forms.CharField(label=_("示范区、创建主体或编号"), required=False)
    state = forms.ChoiceField(label=_("状态"), required=False)
    edition = forms.TypedChoiceField(label=_("届次"), required=False, coerce=int, empty_value=None)
    province = forms.ChoiceField(
        label=_("省份"),
        required=False,
        choices=province_choices,
    )

    def __init__(self, *args, editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("全部"))] + [
            (value, label) for value, label in State.choices if value != State.DRAFT
        ]
        self.fields["edition"].choices = [("", _("全部"))] + [(e.pk, e.title) for e in editions]


class ApprovalForm(forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput)
    approval_doc_no = forms.CharField(
        label=_("批准筹建文号"),
        max_length=100,
        error_messages={"required": _("请填写批准筹建文号。")},
    )
    reason = forms.CharField(label=_("说明"), required=False, max_length=2000)


class ExtensionDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("决定"),
        choices=[("yes", _("批准延期")), ("no", _("不予延期"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择决定。")},
    )
    note = forms.CharField(
        label=_("决定说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("请填写决定说明。")},
    )


class PanelForm(forms.Form):
    name = forms.CharField(label=_("评审组名称"), max_length=200, initial="验收专家组")
    deadline = forms.DateTimeField(
        label=_("评分截止"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        error_messages={
            "required": _("请填写评分截止时间。"),
            "invalid": _("时间格式不正确。"),
        },
    )
    size = forms.IntegerField(
        label=_("专家人数"),
        min_value=1,
        max_value=50,
        required=False,
        error_messages={"min_value": _("至少1人。"), "max_value": _("至多50人。")},
    )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("评分截止须晚于现在。"))
        return deadline


class NoticeStartForm(forms.Form):
    start = forms.DateField(
        label=_("公示开始日"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日期格式不正确。")},
    )


class RecognitionForm(forms.Form):
    document_no = forms.CharField(
        label=_("命名文号"),
        max_length=100,
        error_messages={"required": _("请填写命名文号。")},
    )
    approved_on = forms.DateField(
        label=_("命名日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日期格式不正确。")},
    )


class RevocationForm(forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("摘牌原因"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("请填写摘牌原因。")},
    )
    trigger = forms.ChoiceField(
        label=_("摘牌事由"),
        choices=Revocation.Trigger.choices,
        error_messages={
            "required": _("请选择摘牌事由。"),
            "invalid_choice": _("请选择摘牌事由。"),
        },
    )
    authority = forms.CharField(
        label=_("决定机关"),
        max_length=200,
        initial="国家市场监督管理总局",
        error_messages={"required": _("请填写决定机关。")},
    )
    document_no = forms.CharField(
        label=_("决定文号"),
        max_length=100,
        error_messages={"required": _("请填写决定文号。")},
    )
