import datetime as dt

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .divisions import industry_choices, region_choices
from .fields import CreditCodeFormField, validate_credit_code
from .models import Organization, User
from .services import PROFILE_FIELDS


def _with_current(choices: list, current: str, *, blank: str | None = None) -> list:
    """The picker's choices, plus a stored code the list does not name (kept, never silently lost)."""
    known = {value for _group, options in choices for value, _label in options}
    extra = [(current, current)] if current and current not in known else []
    head = [("", blank)] if blank is not None else []
    return [*head, *extra, *choices]


class RegionField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("所在地区"))
        kwargs.setdefault("help_text", _("按营业执照登记机关所在地选择；推荐单位和申报条件按地区确定。"))
        super().__init__(choices=lambda: [("", _("请选择地区")), *region_choices()], **kwargs)  # per request: labels follow the page language


class IndustryField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("所属行业"))
        kwargs.setdefault("help_text", _("国民经济行业分类（GB/T 4754-2017）门类或制造业大类。"))
        super().__init__(choices=lambda: [("", _("请选择行业")), *industry_choices()], **kwargs)


class FoundingDateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("成立日期"))
        kwargs.setdefault("help_text", _("营业执照上的成立日期；申报条件“成立满N年”据此计算。"))
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        kwargs.setdefault("error_messages", {"invalid": _("请输入有效日期，例如 2005-03-01。")})
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("成立日期不能晚于今天。"))
        if value and value < dt.date(1800, 1, 1):
            raise forms.ValidationError(_("请输入有效日期，例如 2005-03-01。"))


class EnterpriseRegistrationForm(forms.Form):
    organization_name = forms.CharField(label=_("单位名称"), max_length=200)
    credit_code = CreditCodeFormField(label=_("统一社会信用代码"), validators=[validate_credit_code])
    kind = forms.ChoiceField(label=_("单位类型"), choices=Organization.Kind.choices)
    region_code = RegionField()
    industry_code = IndustryField(required=False)
    founded_on = FoundingDateField()
    full_name = forms.CharField(label=_("联系人姓名"), max_length=100)
    phone = forms.CharField(label=_("手机"), max_length=30)
    email = forms.EmailField(label=_("邮箱"))
    username = forms.RegexField(
        label=_("用户名"),
        regex=r"^[\w.@+-]{3,150}$",
        error_messages={"invalid": _("3-150个字母、数字或 @.+-_ 。")},
    )
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该用户名已被使用。"))
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("该邮箱已注册。"))
        return email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif p1:
            try:
                password_validation.validate_password(p1, User(username=data.get("username", "")))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class OrganizationProfileForm(forms.ModelForm):
    """What the applicant maintains about its organisation (docs/organisation-profile.md).

    Name, credit code and type are fixed at registration (they identify the organisation);
    everything else the applicant keeps up to date here. All fields are required: the
    eligibility checks and the review read them.
    """

    region_code = RegionField()
    industry_code = IndustryField()
    founded_on = FoundingDateField()

    class Meta:
        model = Organization
        fields = list(PROFILE_FIELDS)
        labels = {
            "address": _("注册地址"),
            "legal_representative": _("法定代表人"),
            "contact_name": _("申报联系人"),
            "contact_phone": _("联系电话"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("address", "legal_representative", "contact_name", "contact_phone"):
            self.fields[name].required = True
        instance = self.instance
        self.fields["region_code"].choices = _with_current(
            region_choices(), instance.region_code, blank=str(_("请选择地区"))
        )
        self.fields["industry_code"].choices = _with_current(
            industry_choices(), instance.industry_code, blank=str(_("请选择行业"))
        )


class OneTimeCodeForm(forms.Form):
    """A 6-digit code from the authenticator app, checked against one TOTP device."""

    token = forms.RegexField(
        label=_("动态口令"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("请输入6位数字动态口令。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        # verify_is_allowed/verify_token apply django-otp's throttling (growing delays after failures).
        allowed, _info = self.device.verify_is_allowed()
        if not allowed or not self.device.verify_token(token):
            raise forms.ValidationError(_("动态口令错误或已过期，请稍后重试。"))
        return token
