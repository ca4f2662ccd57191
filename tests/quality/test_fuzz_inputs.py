"""Property-based fuzzing (hypothesis) of everything that parses structured user input."""

import datetime as dt
import string

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.credit_code import (
    ALPHABET,
    CreditCodeError,
    check_credit_code,
    make_credit_code,
    normalize_credit_code,
)
from accounts.forms import EnterpriseRegistrationForm
from accounts.resident_id import ResidentIdError, check_resident_id, resident_id_check_character

credit_code_chars = st.sampled_from(ALPHABET)
# The first 17 characters of a well-formed code: authority, category, 6 region digits, 9 more.
credit_code_bodies = st.tuples(
    st.text(credit_code_chars, min_size=2, max_size=2),
    st.text(string.digits, min_size=6, max_size=6),
    st.text(credit_code_chars, min_size=9, max_size=9),
).map("".join)
# Text that looks like codes: ASCII and full-width/Arabic-Indic digits, letters, spaces, dashes.
code_like_text = st.text(st.sampled_from(ALPHABET + "IOZSV -abc１２٣۴\u3000"), max_size=24)


@given(st.one_of(st.text(max_size=40), code_like_text))
@example("91" + "٣" * 6 + "MA3C123456")  # Arabic-Indic digits match \d but are not GB 32100 characters
def test_credit_code_check_fails_only_with_its_own_error(raw):
    try:
        result = check_credit_code(raw)
    except CreditCodeError as exc:
        assert "。" in str(exc)  # the bilingual message: Chinese sentence, then English
    else:
        assert result.code == normalize_credit_code(raw)
        assert len(result.code) == 18


@given(credit_code_bodies)
def test_completed_credit_codes_validate(body):
    code = make_credit_code(body)

    assert check_credit_code(code).code == code


@given(credit_code_bodies, st.integers(0, 17), credit_code_chars)
def test_any_single_character_change_is_detected(body, position, replacement):
    code = make_credit_code(body)
    changed = code[:position] + replacement + code[position + 1 :]
    if changed == code:
        return
    with pytest.raises(CreditCodeError):
        check_credit_code(changed)


@given(st.text(max_size=40))
def test_normalizing_a_credit_code_twice_changes_nothing(raw):
    once = normalize_credit_code(raw)

    assert normalize_credit_code(once) == once


birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31))


@st.composite
def resident_ids(draw):
    region = draw(st.text(string.digits, min_size=6, max_size=6))
    birth = draw(birth_dates).strftime("%Y%m%d")
    sequence = draw(st.text(string.digits, min_size=3, max_size=3))
    first17 = region + birth + sequence
    return first17 + resident_id_check_character(first17)


@given(st.one_of(st.text(max_size=30), st.text(st.sampled_from(string.digits + "Xx ١٢"), max_size=20)))
def test_resident_id_check_fails_only_with_its_own_error(raw):
    try:
        number = check_resident_id(raw, today=dt.date(2026, 6, 1))
    except ResidentIdError as exc:
        assert "。" in str(exc)
    else:
        assert len(number) == 18


@given(resident_ids())
def test_well_formed_resident_ids_validate(number):
    assert check_resident_id(number, today=dt.date(2026, 6, 1)) == number


@given(resident_ids(), st.integers(0, 16), st.sampled_from(string.digits))
def test_single_digit_change_in_resident_id_is_detected(number, position, digit):
    changed = number[:position] + digit + number[position + 1 :]
    if changed == number:
        return
    with pytest.raises(ResidentIdError):
        check_resident_id(changed, today=dt.date(2026, 6, 1))


registration_fields = st.fixed_dictionaries(
    {
        "organization_name": st.text(max_size=60),
        "credit_code": st.one_of(code_like_text, credit_code_bodies.map(make_credit_code)),
        "kind": st.sampled_from(["enterprise", "park_committee", "nonsense", ""]),
        "region_code": st.text(string.digits + "a١", max_size=8),
        "full_name": st.text(max_size=20),
        "phone": st.text(max_size=20),
        "email": st.emails() | st.text(max_size=20),
        "username": st.text(max_size=20),
        "password1": st.text(max_size=20),
        "password2": st.text(max_size=20),
    }
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registration_fields)
def test_registration_form_never_crashes_on_any_input(data):
    form = EnterpriseRegistrationForm(data)

    valid = form.is_valid()

    assert valid == (not form.errors)
