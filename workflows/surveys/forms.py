"""Forms of the survey pages (messages in Chinese through gettext; English in the catalogue)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

LIKERT = [
    (1, _("很不满意")),
    (2, _("不太满意")),
    (3, _("一般")),
    (4, _("比较满意")),
    (5, _("很满意")),
]


class HoneypotMixin(forms.Form):
    # Hidden from people by the stylesheet's .hp class (as on the objection form); bots fill it.
    website = forms.CharField(
        required=False, label="Website", widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )

    @property
    def is_trapped(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("问卷标题"), max_length=200)
    introduction = forms.CharField(label=_("问卷说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DimensionForm(forms.Form):
    name = forms.CharField(
        label=_("测评维度"), max_length=50, help_text=_("例如：产品质量、服务质量、工程质量、环境质量。")
    )
    weight = forms.DecimalField(
        label=_("权重"), min_value=Decimal("0.01"), max_value=Decimal("100"), decimal_places=2, max_digits=5
    )


class ItemForm(forms.Form):
    dimension = forms.TypedChoiceField(label=_("所属维度"), coerce=int)
    text = forms.CharField(label=_("题目"), max_length=300)

    def __init__(self, *args, dimensions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = [(d.pk, d.name) for d in dimensions]


class DistrictForm(forms.Form):
    name = forms.CharField(label=_("区县"), max_length=50)
    quota = forms.IntegerField(label=_("样本配额"), min_value=1, max_value=100000)


class PhoneForm(HoneypotMixin):
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("仅用于发送验证码和确认每个号码只参加一次。"),
    )


class AnswerForm(HoneypotMixin):
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    district = forms.TypedChoiceField(label=_("您常住的区县"), coerce=int)

    def __init__(self, *args, districts=(), dimensions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", "——")] + [(d.pk, d.name) for d in districts]
        self.groups = []
        for dimension in dimensions:
            names = []
            for item in dimension.items.all():
                name = f"item_{item.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=item.text, choices=LIKERT, coerce=int, widget=forms.RadioSelect
                )
                names.append(name)
            self.groups.append((dimension, names))

    def grouped_fields(self):
        return [(dimension, [self[name] for name in names]) for dimension, names in self.groups]

    def answers(self) -> dict[int, int]:
        return {
            int(name.removeprefix("item_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }
