"""A model field for 统一社会信用代码 that always holds the normalised form (docs/credit-codes.md).

Every code is stored, compared and looked up upper case, without spaces or dashes and with
full-width characters folded, whichever path wrote it (forms, admin, imports, ``update()``):
conflict-of-interest rules compare codes exactly, so "91370100ma3..." typed by an expert must
be the same code as the organisation's "91370100MA3...".
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from .credit_code import CreditCodeError, check_credit_code, normalize_credit_code


def validate_credit_code(value: str) -> None:
    try:
        check_credit_code(value)
    except CreditCodeError as exc:
        raise ValidationError(str(exc), code="invalid_credit_code") from exc


class CreditCodeFormField(forms.CharField):
    """Accepts what people paste (spaces, dashes, full-width, lower case); cleans to the normal form.

    After cleaning, ``warnings`` lists what the code table does not know (GB 32100 authority or
    category, organisation-code check digit): the code is accepted and the form shows them.
    """

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = max(kwargs.get("max_length") or 0, 40)
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []

    def to_python(self, value):
        return normalize_credit_code(super().to_python(value))

    def clean(self, value):
        cleaned = super().clean(value)
        self.warnings = []
        if cleaned:
            try:
                self.warnings = check_credit_code(cleaned).warnings
            except CreditCodeError:
                pass  # the field's validator has already reported it
        return cleaned


class CreditCodeField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        validators = list(kwargs.pop("validators", []))
        if validate_credit_code not in validators:
            validators.append(validate_credit_code)
        kwargs["validators"] = validators
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        if kwargs.get("max_length") == 18:
            kwargs.pop("max_length")
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_credit_code(value) if isinstance(value, str) else value

    def from_db_value(self, value, expression, connection):
        return normalize_credit_code(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return normalize_credit_code(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = normalize_credit_code(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CreditCodeFormField, **kwargs})


def credit_code_warnings(form) -> list[str]:
    """The warnings of every credit-code field of a cleaned form."""
    return [w for field in form.fields.values() if isinstance(field, CreditCodeFormField) for w in field.warnings]


def warn_about_credit_codes(request, form) -> None:
    """After a form with credit codes was saved: say which code was accepted with a warning, to be checked."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    for warning in credit_code_warnings(form):
        messages.warning(request, _("统一社会信用代码已接受，但请核对：%(warning)s") % {"warning": warning})
