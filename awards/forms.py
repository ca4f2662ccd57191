"""Input forms. Every field is optional here: drafts save any time; the submit service validates."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from search.regions import PROVINCES
from workflows.models import Criterion, Edition

from .models import AwardApplication, Section
from .selectors import edition_settings

DECLARATIONS = [
    ("no_major_incident", _("近年未发生重大质量、安全、环境事故")),
    ("good_credit", _("信用记录良好，未列入严重违法失信名单")),
    ("no_violations", _("无违法违规行为")),
]
KEY_FIGURE_COLUMNS = [
    ("revenue", _("营业收入（万元）")),
    ("profit", _("利润总额（万元）")),
    ("quality_indicator", _("主要质量指标")),
]


class ApplicationForm(forms.Form):
    contact_name = forms.CharField(label=_("联系人"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("联系邮箱"), required=False)
    employees = forms.IntegerField(label=_("从业人数"), min_value=0, required=False)
    main_products = forms.CharField(label=_("主营业务"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    profile = forms.CharField(label=_("组织概述"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    integrity_commitment = forms.BooleanField(
        label=_("诚信承诺：本单位承诺所填报信息和提交材料真实、准确、完整，如有弄虚作假，自愿承担取消资格等责任。"),
        required=False,
    )
    integrity_signed_by = forms.CharField(label=_("承诺人（法定代表人）"), max_length=60, required=False)

    def __init__(
        self,
        *args,
        application: AwardApplication,
        items: list[Criterion],
        editable: set[str],
        **kwargs,
    ):
        self.application = application
        self.items = items
        edition: Edition = application.edition
        self.years = edition_settings(edition).key_figure_years
        initial = self._initial_from(application)
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["profile"].max_length = edition.profile_char_limit
        self.fields["profile"].widget.attrs["maxlength"] = edition.profile_char_limit
        self.fields["profile"].help_text = _("不超过 %(n)s 字。") % {"n": edition.profile_char_limit}
        self.fields["profile"].validators.append(MaxLengthValidator(edition.profile_char_limit))
        for item in items:
            self.fields[f"sa_{item.pk}_score"] = forms.IntegerField(
                label=_("自评分（0–%(max)s）") % {"max": item.max_points},
                min_value=0,
                max_value=item.max_points,
                required=False,
            )
            self.fields[f"sa_{item.pk}_text"] = forms.CharField(
                label=_("自评说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
            )
        for i in range(self.years):
            # Each cell of the key-figures table names its row and column for screen readers.
            row = _("第%(n)s行") % {"n": i + 1}
            self.fields[f"kf_{i}_year"] = forms.IntegerField(
                label=_("年度"),
                min_value=1990,
                max_value=2100,
                required=False,
                widget=forms.NumberInput(attrs={"aria-label": f"{row} {_('年度')}"}),
            )
            for key, label in KEY_FIGURE_COLUMNS:
                self.fields[f"kf_{i}_{key}"] = forms.CharField(
                    label=label,
                    max_length=60,
                    required=False,
                    widget=forms.TextInput(attrs={"aria-label": f"{row} {label}"}),
                )
        for key, label in DECLARATIONS:
            self.fields[f"decl_{key}"] = forms.BooleanField(label=label, required=False)
        self.section_fields = self._section_fields()
        for section, names in self.section_fields.items():
            if section not in editable:
                for name in names:
                    self.fields[name].disabled = True

    def _section_fields(self) -> dict[str, list[str]]:
        return {
            Section.BASIC: ["contact_name", "contact_phone", "contact_email", "employees", "main_products"],
            Section.PROFILE: ["profile"],
            Section.SELF_ASSESSMENT: [n for n in self.fields if n.startswith("sa_")],
            Section.KEY_FIGURES: [n for n in self.fields if n.startswith("kf_")],
            Section.DECLARATIONS: [n for n in self.fields if n.startswith("decl_")]
            + ["integrity_commitment", "integrity_signed_by"],
        }

    def _initial_from(self, app: AwardApplication) -> dict:
        initial = {
            "contact_name": app.contact_name,
            "contact_phone": app.contact_phone,
            "contact_email": app.contact_email,
            "employees": app.employees,
            "main_products": app.main_products,
            "profile": app.profile,
            "integrity_commitment": app.integrity_commitment,
            "integrity_signed_by": app.integrity_signed_by,
        }
        for item in self.items:
            entry = (app.self_assessment or {}).get(item.code) or {}
            initial[f"sa_{item.pk}_score"] = entry.get("score")
            initial[f"sa_{item.pk}_text"] = entry.get("text", "")
        for i, row in enumerate((app.key_figures or [])[: self.years]):
            initial[f"kf_{i}_year"] = row.get("year")
            for key, _label in KEY_FIGURE_COLUMNS:
                initial[f"kf_{i}_{key}"] = row.get(key, "")
        for key, _label in DECLARATIONS:
            initial[f"decl_{key}"] = bool((app.declarations or {}).get(key))
        return initial

    # Grouped for the template (no queries there): [(category, [(item, score_field, text_field)])]
    def assessment_groups(self):
        groups: list[tuple[Criterion, list]] = []
        for item in self.items:
            row = (item, self[f"sa_{item.pk}_score"], self[f"sa_{item.pk}_text"])
            if groups and groups[-1][0].pk == item.parent_id:
                groups[-1][1].append(row)
            else:
                groups.append((item.parent, [row]))
        return groups

    def key_figure_rows(self):
        return [
            [self[f"kf_{i}_year"], *[self[f"kf_{i}_{key}"] for key, _label in KEY_FIGURE_COLUMNS]]
            for i in range(self.years)
        ]

    def declaration_fields(self):
        return [self[f"decl_{key}"] for key, _label in DECLARATIONS]

    def service_data(self) -> dict:
        """The cleaned values in the shape awards.services.save_draft expects."""
        d = self.cleaned_data
        data = {name: d[name] for name in self.section_fields[Section.BASIC]}
        data["profile"] = d["profile"]
        data["self_assessment"] = {
            item.code: {"score": d[f"sa_{item.pk}_score"], "text": d[f"sa_{item.pk}_text"]}
            for item in self.items
            if d[f"sa_{item.pk}_score"] is not None or d[f"sa_{item.pk}_text"]
        }
        data["key_figures"] = [
            {"year": d[f"kf_{i}_year"], **{key: d[f"kf_{i}_{key}"] for key, _label in KEY_FIGURE_COLUMNS}}
            for i in range(self.years)
            if d[f"kf_{i}_year"]
        ]
        data["declarations"] = {key: d[f"decl_{key}"] for key, _label in DECLARATIONS}
        data["integrity_commitment"] = d["integrity_commitment"]
        data["integrity_signed_by"] = d["integrity_signed_by"]
        return data


class UploadForm(forms.Form):
    slot = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("文件"))


class PreliminaryReviewForm(forms.Form):
    complete = forms.BooleanField(label=_("材料完整"), required=False)
    authentic = forms.BooleanField(label=_("内容真实"), required=False)
    well_formed = forms.BooleanField(label=_("格式规范"), required=False)
    opinion = forms.CharField(label=_("初审意见"), widget=forms.Textarea(attrs={"rows": 3}))
    letter = forms.FileField(label=_("盖章推荐意见"), required=False)


class RecommenderDecisionForm(forms.Form):
    ACTIONS = [
        ("recommend", _("推荐")),
        ("open_recommendation_notice", _("开始推荐公示")),
        ("return_for_correction", _("退回补正")),
        ("not_recommend", _("不予推荐")),
    ]
    action = forms.ChoiceField(label=_("决定"), choices=ACTIONS)
    reason = forms.CharField(label=_("理由 / 补正事项"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    sections = forms.MultipleChoiceField(
        label=_("重新开放的部分"),
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notice_evidence = forms.FileField(
        label=_("推荐公示情况"),
        help_text=_("公示期满后推荐时上传公示截图及结果说明。"),
        required=False,
    )
    expected_state = forms.CharField(widget=forms.HiddenInput)


class QualificationResultForm(forms.Form):
    rule = forms.IntegerField(widget=forms.HiddenInput)
    passed = forms.TypedChoiceField(
        label=_("结论"),
        choices=[("1", _("符合")), ("0", _("不符合"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    detail = forms.CharField(label=_("审查说明"), widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label=_("证明材料"), required=False)


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("企业名称/信用代码/编号"), required=False)
    state = forms.ChoiceField(label=_("状态"), required=False)
    edition = forms.IntegerField(label=_("届次"), required=False, widget=forms.Select)
    province = forms.ChoiceField(label=_("省份"), required=False)
    submitted_from = forms.DateField(
        label=_("提交日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    submitted_to = forms.DateField(
        label=_("提交日期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, editions=(), states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("全部")), *states]
        self.fields["edition"].widget.choices = [("", _("全部")), *[(e.pk, e.title) for e in editions]]
        self.fields["province"].choices = [
            ("", _("全部")),
            *((code, gettext(name)) for code, name in PROVINCES.items()),
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and start > end:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        return cleaned
