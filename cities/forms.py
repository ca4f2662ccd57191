"""Forms of the city pages. Messages in Chinese through gettext; English in the catalogue."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import City, CityYearFigures, State


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
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部"))] + [(value, label) for value, label in State.choices if value != State.DRAFT],
    )
