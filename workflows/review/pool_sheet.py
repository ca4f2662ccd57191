"""The expert pool spreadsheet (专家库导入模板): its columns, reading an uploaded XLSX/CSV, checking every row.

One layout serves the template, the import and the export, so an exported pool can be edited and imported
again elsewhere. The rules behind the columns are in docs/expert-pool-import.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.credit_code import CreditCodeError, check_credit_code

from .models import ConsultancyTie


@dataclass(frozen=True)
class Column:
    key: str
    msgid: str  # Chinese header; the header cell may hold it or its translation
    required: bool = False

    @property
    def label(self) -> str:
        return _(self.msgid)


COLUMNS = [
    Column("full_name", gettext_noop("姓名"), required=True),
    Column("email", gettext_noop("邮箱"), required=True),
    Column("phone", gettext_noop("手机")),
    Column("region_code", gettext_noop("所在地区代码"), required=True),
    Column("specialties", gettext_noop("专业领域（行业代码，逗号分隔）")),
    Column("employer_name", gettext_noop("现工作单位")),
    Column("employer_credit_code", gettext_noop("现单位统一社会信用代码")),
    Column("employer_group", gettext_noop("现单位所属集团")),
    Column("titles", gettext_noop("职称")),
    Column("qualifications", gettext_noop("资格")),
    Column("past_employments", gettext_noop("曾任职单位（单位名称|信用代码|离职日期，多条用；分隔）")),
    Column("ties", gettext_noop("咨询辅导关系（类型|单位名称|信用代码|结束日期，多条用；分隔）")),
]
BY_KEY = {c.key: c for c in COLUMNS}
MAX_ROWS = 2000
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
REGION = re.compile(r"^\d{6}$")
SPECIALTY = re.compile(r"^[A-T]\d{0,4}$")  # GB/T 4754 section letter, optionally division/group/class digits
TIE_KINDS = {
    "咨询": ConsultancyTie.Kind.CONSULTANCY,
    "辅导": ConsultancyTie.Kind.COACHING,
    "其他": ConsultancyTie.Kind.OTHER,
    **{kind.value: kind for kind in ConsultancyTie.Kind},
}
TIE_KIND_NAMES = {
    ConsultancyTie.Kind.CONSULTANCY: "咨询",
    ConsultancyTie.Kind.COACHING: "辅导",
    ConsultancyTie.Kind.OTHER: "其他",
}


class SheetUnreadable(ValueError):
    """The file is not a spreadsheet this importer reads; the message says why."""


@dataclass
class RowError:
    row: int  # the spreadsheet's row number (the header is row 1)
    column: str
    message: str


@dataclass
class SheetCheck:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def example_row() -> list[str]:
    return [
        "张明",
        "zhangming@example.cn",
        "13800000000",
        "370202",
        "C38,C39",
        "青岛大学",
        "12370000427400003A",
        "",
        _("教授"),
        _("卓越绩效评价师"),
        "某电器股份有限公司|91370200163562681G|2019-06-30",
        "咨询|某咨询有限公司|91370212MA3C4F0KXQ|2022-12-31",
    ]


def header_row() -> list[str]:
    return [c.label for c in COLUMNS]


# --- reading -----------------------------------------------------------------------------
def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(name: str, content: bytes) -> list[list[str]]:
    """The cells of the first sheet (XLSX) or of the file (CSV, UTF-8 with or without BOM, or GB18030)."""
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken or disguised file
            raise SheetUnreadable(_("无法读取该XLSX文件，请使用下载的模板。")) from exc
        sheet = book.worksheets[0]
        table = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return table
    if lower.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise SheetUnreadable(_("CSV文件编码无法识别，请另存为UTF-8。"))
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    raise SheetUnreadable(_("请上传XLSX或CSV文件。"))


# --- checking ------------------------------------------------------------------------------
def _parse_date(text: str) -> dt.date:
    cleaned = re.sub(r"[./年月]", "-", text.strip()).rstrip("日-")
    return dt.date.fromisoformat("-".join(part.zfill(2) for part in cleaned.split("-")))


def _credit_code(text: str, warnings: list[str]) -> str:
    """The normalised code (GB 32100 check digit verified); raises CreditCodeError. What the code tables do
    not know is added to `warnings`: accepted, for staff to confirm in the preview (docs/credit-codes.md)."""
    checked = check_credit_code(text)
    warnings.extend(f"{checked.code}：{warning}" for warning in checked.warnings)
    return checked.code


def _entries(text: str) -> list[list[str]]:
    parts = [p.strip() for p in re.split(r"[;；\n]", text) if p.strip()]
    return [[f.strip() for f in re.split(r"[|｜]", part)] for part in parts]


def _past_employments(text: str, warnings: list[str]) -> list[dict]:
    found = []
    for number, fields in enumerate(_entries(text), start=1):
        if len(fields) != 3 or not fields[0]:
            raise ValueError(_("第%(n)d条应为“单位名称|信用代码|离职日期”。") % {"n": number})
        try:
            code = _credit_code(fields[1], warnings)
        except CreditCodeError as exc:
            raise ValueError(_("第%(n)d条：%(reason)s") % {"n": number, "reason": exc}) from None
        try:
            ended = _parse_date(fields[2])
        except ValueError:
            raise ValueError(_("第%(n)d条：离职日期应写作2020-06-30。") % {"n": number}) from None
        found.append({"organization_name": fields[0], "credit_code": code, "ended_on": ended.isoformat()})
    return found


def _ties(text: str, warnings: list[str]) -> list[dict]:
    found = []
    for number, fields in enumerate(_entries(text), start=1):
        if len(fields) not in (3, 4) or not fields[1]:
            raise ValueError(_("第%(n)d条应为“类型|单位名称|信用代码|结束日期”（结束日期可空）。") % {"n": number})
        kind = TIE_KINDS.get(fields[0])
        if kind is None:
            raise ValueError(_("第%(n)d条：类型应为咨询、辅导或其他。") % {"n": number})
        try:
            code = _credit_code(fields[2], warnings)
        except CreditCodeError as exc:
            raise ValueError(_("第%(n)d条：%(reason)s") % {"n": number, "reason": exc}) from None
        ended = ""
        if len(fields) == 4 and fields[3]:
            try:
                ended = _parse_date(fields[3]).isoformat()
            except ValueError:
                raise ValueError(_("第%(n)d条：结束日期应写作2022-12-31。") % {"n": number}) from None
        found.append({"kind": str(kind), "organization_name": fields[1], "credit_code": code, "ended_on": ended})
    return found


def _header_map(header: list[str]) -> tuple[dict[int, str], list[str]]:
    names = {}
    for column in COLUMNS:
        names[column.msgid] = column.key
        names[column.label] = column.key
    positions = {}
    for index, cell in enumerate(header):
        key = names.get(cell.strip())
        if key:
            positions[index] = key
    missing = [c.label for c in COLUMNS if c.required and c.key not in positions.values()]
    return positions, missing


def check_table(table: list[list[str]], *, taken_emails: Callable[[list[str]], set[str]]) -> SheetCheck:
    """Every row checked; an error names the row (header = 1) and the column. Blank rows are skipped.

    ``taken_emails(addresses)``: which of them (lower case) accounts already hold; the import cannot reuse them.
    """
    result = SheetCheck()
    if not table or not any(table[0]):
        result.errors.append(RowError(1, "", _("文件为空，第1行应为模板的表头。")))
        return result
    positions, missing = _header_map(table[0])
    if missing:
        result.errors.append(RowError(1, "、".join(missing), _("表头缺少必填列，请使用下载的模板。")))
        return result
    body = [(number, row) for number, row in enumerate(table[1:], start=2) if any(c.strip() for c in row)]
    if not body:
        result.errors.append(RowError(2, "", _("文件中没有专家数据。")))
        return result
    if len(body) > MAX_ROWS:
        result.errors.append(RowError(MAX_ROWS + 2, "", _("一次最多导入%(n)d名专家。") % {"n": MAX_ROWS}))
        return result
    email_at = next(i for i, key in positions.items() if key == "email")
    taken = taken_emails([cells[email_at].strip().lower() for _n, cells in body if email_at < len(cells)])
    seen_emails: dict[str, int] = {}
    for number, cells in body:
        raw = {key: (cells[i].strip() if i < len(cells) else "") for i, key in positions.items()}
        for column in COLUMNS:
            raw.setdefault(column.key, "")
        row, errors = _check_row(number, raw, taken, seen_emails)
        result.errors.extend(errors)
        if not errors:
            result.rows.append(row)
    return result


def _check_row(number: int, raw: dict, taken: set[str], seen: dict[str, int]) -> tuple[dict, list[RowError]]:
    errors: list[RowError] = []

    def error(key: str, message: str) -> None:
        errors.append(RowError(number, BY_KEY[key].label, message))

    row = {"row": number, **raw}
    warnings: list[str] = []
    for column in COLUMNS:
        if column.required and not raw[column.key]:
            error(column.key, _("必填。"))
    email = raw["email"].lower()
    row["email"] = email
    if email:
        if not EMAIL.match(email):
            error("email", _("邮箱格式不正确。"))
        elif email in taken:
            error("email", _("该邮箱已有账号，不能重复导入。"))
        elif email in seen:
            error("email", _("与第%(n)d行的邮箱重复。") % {"n": seen[email]})
        else:
            seen[email] = number
    if raw["region_code"] and not REGION.match(raw["region_code"]):
        error("region_code", _("行政区划代码应为6位数字（GB/T 2260）。"))
    specialties = [s.strip().upper() for s in re.split(r"[,，、\s]+", raw["specialties"]) if s.strip()]
    bad = [s for s in specialties if not SPECIALTY.match(s)]
    if bad:
        error("specialties", _("行业代码不正确：%(codes)s（应如C38）。") % {"codes": "、".join(bad)})
    row["specialties"] = ",".join(specialties)
    if raw["employer_credit_code"]:
        try:
            row["employer_credit_code"] = _credit_code(raw["employer_credit_code"], warnings)
        except CreditCodeError as exc:
            error("employer_credit_code", str(exc))
    elif raw["employer_name"]:
        error("employer_credit_code", _("填写了现工作单位时必填（回避检查依据信用代码）。"))
    for key, parse in (("past_employments", _past_employments), ("ties", _ties)):
        try:
            row[key] = parse(raw[key], warnings)
        except ValueError as exc:
            error(key, str(exc))
    for key, limit in (("full_name", 100), ("phone", 30), ("employer_name", 200), ("employer_group", 200)):
        if len(raw[key]) > limit:
            error(key, _("不能超过%(n)d个字。") % {"n": limit})
    row["credit_code_warnings"] = warnings
    return row, errors


# --- writing (template and export) ---------------------------------------------------------
def profile_cells(profile) -> list[str]:
    """One expert as a row of the template's columns (past employments and ties joined as on import)."""
    user = profile.user
    past = "；".join(
        f"{p.organization_name}|{p.credit_code}|{p.ended_on.isoformat()}" for p in profile.past_employments.all()
    )
    ties = "；".join(
        f"{TIE_KIND_NAMES.get(t.kind, t.kind)}|{t.organization_name}|{t.credit_code}|"
        f"{t.ended_on.isoformat() if t.ended_on else ''}"
        for t in profile.ties.all()
    )
    return [
        user.full_name,
        user.email,
        user.phone,
        profile.region_code,
        profile.specialties,
        profile.employer_name,
        profile.employer_credit_code,
        profile.employer_group,
        profile.titles,
        profile.qualifications,
        past,
        ties,
    ]
