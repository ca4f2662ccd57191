"""Score exports of an edition (评分明细 and 汇总表) as XLSX or CSV, streamed with bounded memory.

Rows come from the database in chunks (`selectors.export_rows`, an iterator of plain lists) and
go straight into openpyxl's write-only workbook, which keeps no cells in memory, or into CSV lines
sent as they are made (docs/performance.md). Every row passes through `workflows.spreadsheets`, so
text that looks like a formula stays text (docs/exports.md).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext

from workflows.models import Edition
from workflows.spreadsheets import csv_row, write_only_xlsx_row

from . import selectors

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def summary_rows(edition: Edition) -> Iterator[list]:
    """The 汇总表: one row per ranked dossier (ranking computed once)."""
    yield (
        [gettext("名次"), gettext("编号"), gettext("单位"), gettext("专家数")]
        + [f"{m} score" for m in selectors.COLUMNS]
        + [f"{m} rank" for m in selectors.COLUMNS]
        + [gettext("等级"), gettext("方法敏感")]
    )
    official = selectors.CHOSEN
    for row in selectors.rank_edition(edition):
        yield (
            [row.ranks[official], row.code, row.label, row.experts]
            + [row.scores[m] for m in selectors.COLUMNS]
            + [row.ranks[m] for m in selectors.COLUMNS]
            + [row.tiers[official], gettext("是") if row.tier_changes else ""]
        )


def write_xlsx(edition: Edition, out: IO[bytes]) -> None:
    """Both sheets into `out` through a write-only workbook (rows are written, never kept)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    scores = workbook.create_sheet(gettext("评分明细"))
    for row in selectors.export_rows(edition):
        scores.append(write_only_xlsx_row(scores, row))
    summary = workbook.create_sheet(gettext("汇总表"))
    for row in summary_rows(edition):
        summary.append(write_only_xlsx_row(summary, row))
    workbook.save(out)


def xlsx_file(edition: Edition) -> IO[bytes]:
    """The XLSX in an anonymous temporary file, rewound, for a FileResponse to stream."""
    out = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(edition, out)
    out.seek(0)
    return out


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(edition: Edition) -> Iterator[str]:
    """The scores sheet as CSV lines, BOM first (Excel opens UTF-8 CSV correctly only with it)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in selectors.export_rows(edition):
        yield writer.writerow(csv_row(row))
