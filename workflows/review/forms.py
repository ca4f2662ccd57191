"""Forms for experts' own declarations and staff conflict overrides."""

from django import forms

from .models import ConsultancyTie, PastEmployment
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


class ConflictOverrideForm(forms.Form):
    expert = forms.IntegerField(widget=forms.HiddenInput)
    object_id = forms.IntegerField(widget=forms.HiddenInput)
    rule = forms.ChoiceField(choices=[(r, Rule.LABELS[r]) for r in sorted(Rule.AUTOMATIC)])
    justification = forms.CharField(label="书面理由 Written justification", widget=forms.Textarea(attrs={"rows": 2}))
