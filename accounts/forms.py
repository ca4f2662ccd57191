from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import Organization, User, validate_credit_code


class EnterpriseRegistrationForm(forms.Form):
    organization_name = forms.CharField(label=_("单位名称 Organisation name"), max_length=200)
    credit_code = forms.CharField(
        label=_("统一社会信用代码 Unified social credit code"), max_length=30, validators=[validate_credit_code]
    )
    kind = forms.ChoiceField(label=_("单位类型 Type"), choices=Organization.Kind.choices)
    region_code = forms.RegexField(
        label=_("所在地行政区划代码 Region code (GB/T 2260)"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("行政区划代码应为6位数字。The region code must be 6 digits.")},
    )
    industry_code = forms.CharField(label=_("行业代码 Industry code (GB/T 4754)"), max_length=10, required=False)
    full_name = forms.CharField(label=_("联系人姓名 Your name"), max_length=100)
    phone = forms.CharField(label=_("手机 Mobile"), max_length=30)
    email = forms.EmailField(label=_("邮箱 Email"))
    username = forms.RegexField(
        label=_("用户名 Username"),
        regex=r"^[\w.@+-]{3,150}$",
        error_messages={"invalid": _("3-150个字母、数字或 @.+-_ 。3-150 letters, digits or @.+-_.")},
    )
    password1 = forms.CharField(label=_("密码 Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("确认密码 Confirm password"), widget=forms.PasswordInput)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该用户名已被使用。This username is taken."))
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("该邮箱已注册。This email is already registered."))
        return email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。The passwords do not match."))
        elif p1:
            try:
                password_validation.validate_password(p1, User(username=data.get("username", "")))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class OneTimeCodeForm(forms.Form):
    """A 6-digit code from the authenticator app, checked against one TOTP device."""

    token = forms.RegexField(
        label=_("动态口令 One-time code"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("请输入6位数字动态口令。Enter the 6-digit code.")},
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
            raise forms.ValidationError(
                _("动态口令错误或已过期，请稍后重试。The code is wrong or expired; please try again.")
            )
        return token
