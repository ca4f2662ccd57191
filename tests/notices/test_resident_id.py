import datetime as dt

import pytest

from accounts.resident_id import ResidentIdError, check_resident_id, make_resident_id, mask_resident_id


def test_the_standards_example_number_is_valid():
    assert check_resident_id("11010519491231002x") == "11010519491231002X"


def test_check_character_follows_iso_7064_mod_11_2():
    assert make_resident_id("44052419800101001") == "440524198001010013"  # 196 mod 11 = 9 -> "3"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("110105194912310021", "校验位错误"),
        ("11010519491231002", "应为18位"),
        ("1101051949123100AX", "前17位应为数字"),
        ("110105194902300025", "出生日期无效"),
    ],
)
def test_invalid_numbers_are_refused_with_the_reason(number, fragment):
    with pytest.raises(ResidentIdError) as excinfo:
        check_resident_id(number)
    assert fragment in str(excinfo.value)


def test_birth_dates_in_the_future_are_refused():
    number = make_resident_id("11010520300101001")
    with pytest.raises(ResidentIdError):
        check_resident_id(number, today=dt.date(2026, 1, 1))


def test_masking_keeps_region_and_check_character_only():
    assert mask_resident_id("11010519491231002X") == "110105***********X"


def test_full_width_and_arabic_indic_digits_are_refused():
    ascii_number = make_resident_id("11010519491231002")
    full_width = ascii_number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    arabic_indic = ascii_number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for number in (full_width, arabic_indic):
        with pytest.raises(ResidentIdError):
            check_resident_id(number)
