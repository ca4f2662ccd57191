"""Input validation for objections and the secretariat's decisions. No business rules here."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.credit_code import CreditCodeError, check_credit_code
from accounts.resident_id import ResidentIdError, check_resident_id

from .models import Objection

MAX_EVIDENCE_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ObjectionForm(forms.Form):
    """The public objection form. Identity fields may be left empty: the objection is then
    recorded as anonymous and rejected with the reason, as the rules require."""

    notice_candidate = forms.TypedChoiceField(label=_("异议对象"), coerce=int)
    objector_type = forms.ChoiceField(
        label=_("异议人类型"),
        choices=Objection.ObjectorType.choices,
        widget=forms.RadioSelect,
        initial=Objection.ObjectorType.INDIVIDUAL,
    )
    objector_name = forms.CharField(label=_("真实姓名或单位名称"), max_length=200, required=False)
    id_number = forms.CharField(label=_("身份证号码（个人）"), max_length=20, required=False)
    credit_code = forms.CharField(label=_("统一社会信用代码（单位）"), max_length=20, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("联系地址"), max_length=300, required=False)
    sealed_letter = forms.FileField(label=_("加盖公章的异议书扫描件（单位）"), required=False)
    grounds = forms.ChoiceField(label=_("异议类型"), choices=Objection.Grounds.choices)
    text = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)
    evidence = MultipleFileField(
        label=_("证明材料"),
        required=False,
        help_text=_("PDF、JPG、PNG、Word、Excel，可多选。"),
    )
    # Honeypot: hidden from people by the stylesheet's .hp class (an inline style would be blocked by
    # the site's CSP and show the box); bots fill every field.
    website = forms.CharField(
        required=False, label="Website", widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )

    # Fields a real-name objection needs, by objector type (docs/objections.md): left empty, the
    # objection is recorded as anonymous and not accepted, so the form marks them as required.
    REAL_NAME_FIELDS = {
        "objector_name": _("实名必填"),
        "id_number": _("个人异议必填"),
        "phone": _("实名必填"),
        "credit_code": _("单位异议必填"),
        "sealed_letter": _("单位异议必填"),
    }

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notice_candidate"].choices = [(line.id, line.published_name) for line in candidates]
        for name, note in self.REAL_NAME_FIELDS.items():
            self.fields[name].real_name_note = note
            self.fields[name].widget.attrs["aria-describedby"] = f"{name}-real-name"

    def without_trap(self) -> ObjectionForm:
        """The same submission shown again for the person to confirm, the trap field emptied."""
        data = self.data.copy()
        data["website"] = ""
        form = ObjectionForm(data, candidates=[], initial=self.initial)
        form.fields["notice_candidate"].choices = self.fields["notice_candidate"].choices
        form.add_error(
            None,
            _("提交未被接受：请核对以下信息后再次提交（如已选择附件，请重新选择）。"),
        )
        return form

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        if not value:
            return ""
        try:
            return check_resident_id(value)
        except ResidentIdError as exc:
            raise forms.ValidationError(str(exc))

    def clean_credit_code(self):
        value = self.cleaned_data["credit_code"].strip()
        if not value:
            return ""
        try:
            return check_credit_code(value).code
        except CreditCodeError as exc:
            raise forms.ValidationError(str(exc))

    def clean_evidence(self):
        files = self.cleaned_data["evidence"]
        if len(files) > MAX_EVIDENCE_FILES:
            raise forms.ValidationError(_("最多上传%(n)d个文件。") % {"n": MAX_EVIDENCE_FILES})
        return files


class ObjectionDecisionForm(forms.Form):
    substantiated = forms.TypedChoiceField(
        label=_("核查结论"),
        choices=[("0", _("异议不成立")), ("1", _("异议成立"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    fraud = forms.BooleanField(label=_("认定弄虚作假（按届次规则禁止申报）"), required=False)
    memo = forms.CharField(label=_("核查意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ApprovalForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("审定结果"),
        choices=[("1", _("授奖")), ("0", _("不予授奖"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    document_no = forms.CharField(label=_("审定文号"), max_length=100)
    approved_on = forms.DateField(label=_("审定日期"), widget=forms.DateInput(attrs={"type": "date"}))


class OpenNoticeForm(forms.Form):
    candidates = forms.MultipleChoiceField(label=_("拟授奖对象"), widget=forms.CheckboxSelectMultiple)
    title = forms.CharField(label=_("公示标题"), max_length=200, required=False)
    start = forms.DateField(label=_("公示开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = choices
