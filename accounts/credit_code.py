"""统一社会信用代码 (Unified Social Credit Code, GB 32100-2015).

python-stdnum insists that positions 1-8 are digits and so rejects legal codes whose
registration-authority code is a letter (A, N, Y); this validator follows the standard.
Only the check digit at position 18 is a hard error; the category table and the
organisation-code check digit (position 17) give warnings, because amendments and
legacy codes do not always follow them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 3^(i-1) mod 31 for i = 1..17
# ASCII only: \d alone would also accept full-width and Arabic-Indic digits.
SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")

# Registration authority (position 1) -> allowed entity categories (position 2).
CATEGORIES = {
    "1": "1239",
    "2": "19",
    "3": "123459",
    "4": "19",
    "5": "1239",
    "6": "129",
    "7": "129",
    "8": "19",
    "9": "123",
    "A": "19",
    "N": "1239",
    "Y": "1",
}
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


class CreditCodeError(ValueError):
    """The text is not a valid credit code; ``message`` says why in Chinese and English."""


@dataclass
class CreditCodeCheck:
    code: str
    warnings: list[str] = field(default_factory=list)


def normalize_credit_code(raw: str) -> str:
    """Upper case, no spaces or dashes, full-width letters and digits folded to ASCII (NFKC).

    Any dash (Unicode Pd: -, ‐, –, —) and invisible format characters pasted from documents
    (zero-width space, BOM: Unicode Cf) are dropped too.
    """
    text = unicodedata.normalize("NFKC", raw or "")
    kept = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Pd", "Cf")).upper()
    return unicodedata.normalize("NFKC", kept)  # upper() can decompose (ō → O + ◌̄); compose again


def credit_code_check_digit(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def _org_code_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def org_code_check_digit(first8: str) -> str:
    remainder = 11 - sum(_org_code_value(c) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def check_credit_code(raw: str) -> CreditCodeCheck:
    """Validate a credit code; raise CreditCodeError on a hard failure, else return warnings."""
    code = normalize_credit_code(raw)
    if len(code) != 18:
        raise CreditCodeError(gettext("统一社会信用代码应为18位，当前为%(code)s位。") % {"code": len(code)})
    forbidden = sorted({ch for ch in code if ch in "IOZSV"})
    if forbidden:
        letters = "、".join(forbidden)
        raise CreditCodeError(gettext("统一社会信用代码不能包含字母 %(letters)s。") % {"letters": letters})
    if not SHAPE.match(code):
        raise CreditCodeError(gettext("统一社会信用代码格式不正确：第3-8位应为行政区划数字。"))
    if credit_code_check_digit(code[:17]) != code[17]:
        raise CreditCodeError(gettext("统一社会信用代码校验位错误，请核对。"))
    warnings = []
    allowed = CATEGORIES.get(code[0])
    if allowed is None or code[1] not in allowed:
        warnings.append(gettext("登记管理部门或机构类别代码不在已知代码表中。"))
    org = code[8:17]
    if all(ch.isdigit() or "A" <= ch <= "Z" for ch in org[:8]) and org_code_check_digit(org[:8]) != org[8]:
        warnings.append(gettext("组织机构代码（第9-17位）校验位不符。"))
    return CreditCodeCheck(code=code, warnings=warnings)


def is_valid_credit_code(raw: str) -> bool:
    try:
        check_credit_code(raw)
    except CreditCodeError:
        return False
    return True


def make_credit_code(prefix: str) -> str:
    """Complete a code for demo data and tests.

    16 characters: add the organisation-code check digit (position 17), then position 18.
    17 characters: add position 18 only.
    """
    if len(prefix) == 16:
        prefix += org_code_check_digit(prefix[8:16])
    return prefix + credit_code_check_digit(prefix)
