"""Forms for experts' own declarations and staff conflict overrides."""

from django import forms
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.fields import CreditCodeFormField, validate_credit_code

from .models import ConsultancyTie, PastEmployment, SpecialtyRule, Stage
from .selectors import panel_stages
from .services import Rule


class PastEmploymentForm(forms.ModelForm):
    class Meta:
        model = PastEmployment
        fields = ["organization_name", "credit_code", "group_name", "started_on", "ended_on"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
        }


class ConsultancyTieForm(forms.ModelForm):
    class Meta:
        model = ConsultancyTie
        fields = ["kind", "organization_name", "credit_code", "ended_on", "note"]
        widgets = {"ended_on": forms.DateInput(attrs={"type": "date"})}


class AvoidanceRequestForm(forms.Form):
    """An applicant names an expert and/or an organisation whose experts should not review it."""

    expert_name = forms.CharField(label=_("专家姓名"), max_length=100, required=False)
    organization_name = forms.CharField(label=_("单位名称"), max_length=200, required=False)
    organization_credit_code = CreditCodeFormField(
        label=_("单位统一社会信用代码"), required=False, validators=[validate_credit_code]
    )
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def clean(self):
        cleaned = super().clean()
        if not any(
            (cleaned.get(f) or "").strip() for f in ("expert_name", "organization_name", "organization_credit_code")
        ):
            raise forms.ValidationError(gettext("请填写需回避的专家姓名或单位。"))
        return cleaned


class ConflictOverrideForm(forms.Form):
    expert = forms.IntegerField(widget=forms.HiddenInput)
    object_id = forms.IntegerField(widget=forms.HiddenInput)
    rule = forms.ChoiceField(choices=[(r, Rule.LABELS[r]) for r in sorted(Rule.AUTOMATIC)])
    justification = forms.CharField(label=_("书面理由"), widget=forms.Textarea(attrs={"rows": 2}))


class CreatePanelForm(forms.Form):
    """Staff create a panel for dossiers that share a review stage and an edition."""

    name = forms.CharField(label=_("评审组名称"), max_length=120)
    stage = forms.ChoiceField(label=_("评审阶段"))
    dossiers = forms.MultipleChoiceField(label=_("评审材料"), widget=forms.CheckboxSelectMultiple)
    deadline = forms.DateTimeField(label=_("评分截止"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    specialty_codes = forms.CharField(
        label=_("所需专业（行业代码，逗号分隔）"),
        max_length=200,
        required=False,
        help_text=_("如 C38,C39；留空则不限专业。"),
    )
    specialty_rule = forms.ChoiceField(
        label=_("专业要求"),
        choices=SpecialtyRule.choices,
        initial=SpecialtyRule.PREFERRED,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("必须：只抽取具备所需专业的专家；优先：先从具备所需专业的专家中抽取，不足时再从其他专家中补足。"),
    )
    size = forms.IntegerField(
        label=_("专家人数"),
        min_value=1,
        max_value=50,
        required=False,
        help_text=_("留空则按届次评审设置。"),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._choices = {choice.key: choice for choice in choices}
        self.fields["stage"].choices = [(s.value, s.label) for s in Stage if s.value in panel_stages()]
        self.fields["dossiers"].choices = [
            (c.key, f"{c.dossier.edition} · {c.dossier.organization.name} · {Stage(c.stage).label}") for c in choices
        ]

    def clean(self):
        cleaned = super().clean()
        chosen = [self._choices[key] for key in cleaned.get("dossiers", [])]
        if chosen and any(c.stage != cleaned.get("stage") for c in chosen):
            raise forms.ValidationError(gettext("所选材料不处于该评审阶段。"))
        if len({c.dossier.edition_id for c in chosen}) > 1:
            raise forms.ValidationError(gettext("一个评审组只能评审同一届次的材料。"))
        cleaned["dossier_objects"] = [c.dossier for c in chosen]
        codes = [c.strip().upper() for c in (cleaned.get("specialty_codes") or "").replace("，", ",").split(",")]
        cleaned["specialty_codes"] = ",".join(c for c in codes if c)
        cleaned["specialty_rule"] = cleaned.get("specialty_rule") or SpecialtyRule.PREFERRED
        return cleaned


class PoolUploadForm(forms.Form):
    """The secretariat's expert pool spreadsheet (the downloaded template, filled in)."""

    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(label=gettext_lazy("专家名单文件（XLSX或CSV）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(gettext_lazy("请上传XLSX或CSV文件。"))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(gettext_lazy("文件不能超过5MB。"))
        return upload
