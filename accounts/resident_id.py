"""公民身份号码 (resident identity number, GB 11643-1999).

18 characters: 6-digit region code, 8-digit birth date (YYYYMMDD), 3-digit sequence and a
check character computed with ISO 7064 MOD 11-2 over the first 17 digits ("X" stands for 10).
Only the shape, the birth date and the check character can be verified offline; whether a
number was actually issued is for the public-security registry to say.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext

WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]  # 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, ...
CHECK_CHARACTERS = "10X98765432"  # indexed by (weighted sum mod 11)
SHAPE = re.compile(r"^\d{17}[\dX]$", re.ASCII)  # full-width or Arabic-Indic digits are not ID numbers


class ResidentIdError(ValueError):
    """The text is not a valid resident identity number; the message says why in Chinese and English."""


def normalize_resident_id(raw: str) -> str:
    return re.sub(r"\s", "", raw or "").upper()


def resident_id_check_character(first17: str) -> str:
    return CHECK_CHARACTERS[sum(int(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True)) % 11]


def check_resident_id(raw: str, *, today: dt.date | None = None) -> str:
    """Return the normalized number or raise ResidentIdError."""
    number = normalize_resident_id(raw)
    if len(number) != 18:
        raise ResidentIdError(gettext("身份证号码应为18位，当前为%(number)s位。") % {"number": len(number)})
    if not SHAPE.match(number):
        raise ResidentIdError(gettext("身份证号码前17位应为数字，最后一位为数字或X。"))
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ResidentIdError(gettext("身份证号码中的出生日期无效。"))
    if birth < dt.date(1900, 1, 1) or birth > (today or dt.date.today()):
        raise ResidentIdError(gettext("身份证号码中的出生日期无效。"))
    if resident_id_check_character(number[:17]) != number[17]:
        raise ResidentIdError(gettext("身份证号码校验位错误，请核对。"))
    return number


def is_valid_resident_id(raw: str) -> bool:
    try:
        check_resident_id(raw)
    except ResidentIdError:
        return False
    return True


def make_resident_id(first17: str) -> str:
    """Complete a number for demo data and tests."""
    return first17 + resident_id_check_character(first17)


def mask_resident_id(number: str) -> str:
    """Keep the region and the last character only, for screens where the full number is not needed."""
    return number[:6] + "*" * 11 + number[-1:] if len(number) == 18 else "*" * len(number)
