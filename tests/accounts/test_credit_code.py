import pytest
from django.utils import translation

from accounts.credit_code import (
    CreditCodeError,
    check_credit_code,
    credit_code_check_digit,
    is_valid_credit_code,
    make_credit_code,
)


@pytest.mark.parametrize("code", ["91110000600037341L", "91350100M000100Y43"])
def test_accepts_published_examples(code):
    assert check_credit_code(code).code == code


def test_accepts_letter_prefixed_codes_that_stdnum_rejects():
    # N = agriculture registration authority, Y = other; both legal in GB 32100-2015.
    assert check_credit_code("N2440300MA5F0AB15X").warnings == []
    y_code = make_credit_code("Y1110000MA01234X")
    assert is_valid_credit_code(y_code) is True


def test_normalizes_spaces_hyphens_and_case():
    assert check_credit_code(" 9111-0000 6000 37341l ").code == "91110000600037341L"


def test_rejects_wrong_check_digit():
    with pytest.raises(CreditCodeError) as exc:
        check_credit_code("91110000600037341M")
    assert "校验位" in str(exc.value)
    with translation.override("en"), pytest.raises(CreditCodeError) as exc:
        check_credit_code("91110000600037341M")
    assert "check digit" in str(exc.value)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_rejects_forbidden_letters(letter):
    with pytest.raises(CreditCodeError) as exc:
        check_credit_code("91110000" + letter + "00037341L")
    assert letter in str(exc.value)


@pytest.mark.parametrize("code", ["", "9111000060003734", "91110000600037341LL", "9111A000600037341L"])
def test_rejects_wrong_length_or_shape(code):
    assert is_valid_credit_code(code) is False


def test_check_digit_uses_weights_3_pow_i_mod_31():
    # Independent computation from the standard's definition, checked against the published code.
    first17 = "91110000600037341"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    total = sum(alphabet.index(c) * w for c, w in zip(first17, weights, strict=True))
    assert credit_code_check_digit(first17) == alphabet[(31 - total % 31) % 31] == "L"


def test_warns_on_unknown_category_but_accepts():
    code = make_credit_code("9511000060003734")  # 9 (market regulation) with category 5: not in the table
    result = check_credit_code(code)
    assert len(result.warnings) == 1
