"""Writing user text into spreadsheets without it becoming a formula (docs/exports.md).

Text that begins with = + - @ (or tab / carriage return, which some programs skip before
reading a formula) is what Excel, LibreOffice and WPS evaluate. In CSV such a cell gets a
leading apostrophe, the convention spreadsheet programs honour; in XLSX it is stored as a
text cell with Excel's "quote prefix" flag, so it shows exactly as typed and stays text when
someone edits it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FORMATS = ("xlsx", "csv")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [f"'{value}" if is_formula_like(value) else value for value in values]


def append_xlsx_row(sheet, values: Iterable[Any]) -> None:
    """sheet.append(values), with formula-like text kept as text."""
    values = list(values)
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if is_formula_like(value):
            cell = sheet.cell(row=row, column=column)
            cell.value = value
            cell.data_type = "s"
            cell.quotePrefix = True


def write_only_xlsx_row(sheet, values: Iterable[Any]) -> list[Any]:
    """The cells to `append` to a write-only sheet (streamed exports), formula-like text kept as text."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        if is_formula_like(value):
            value = WriteOnlyCell(sheet, value=value)
            value.data_type = "s"
            value.quotePrefix = True
        cells.append(value)
    return cells
