"""Score exports of an edition (评分明细 and 汇总表) as XLSX or CSV, streamed with bounded memory.

Rows come from the database in chunks (`selectors.export_rows`, an iterator of plain lists) and
go straight into openpyxl's write-only workbook, which keeps no cells in memory, or into CSV lines
sent as they are made (docs/performance.md). Every row passes through `workflows.spreadsheets`, so
text that looks like a formula stays text (docs/exports.md).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterator
from typing import IO

from django.utils.translation import gettext

from workflows.models import Edition
from workflows.spreadsheets import csv_row, write_only_xlsx_row

from . import selectors

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# A progress callback hears about every PROGRESS_EVERY score rows written (one UPDATE each).
PROGRESS_EVERY = 5000

Progress = Callable[[int], None]


def _counted(rows: Iterator[list], progress: Progress | None) -> Iterator[list]:
    """`rows` unchanged, telling `progress` how many data rows (header excluded) went by."""
    done = -1
    for row in rows:
        yield row
        done += 1
        if progress is not None and done and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress is not None:
        progress(max(done, 0))


def score_row_count(edition: Edition) -> int:
    """How many score rows the export will write (for the progress bar)."""
    return selectors.export_row_count(edition)


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


def write_xlsx(edition: Edition, out: IO[bytes], progress: Progress | None = None) -> None:
    """Both sheets into `out` through a write-only workbook (rows are written, never kept)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    scores = workbook.create_sheet(gettext("评分明细"))
    for row in _counted(selectors.export_rows(edition), progress):
        scores.append(write_only_xlsx_row(scores, row))
    summary = workbook.create_sheet(gettext("汇总表"))
    for row in summary_rows(edition):
        summary.append(write_only_xlsx_row(summary, row))
    workbook.save(out)


def write_csv(edition: Edition, out: IO[bytes], progress: Progress | None = None) -> None:
    """The scores sheet as UTF-8 CSV (BOM first) into `out`, line by line."""
    for line in _counted_lines(edition, progress):
        out.write(line.encode("utf-8"))


def _counted_lines(edition: Edition, progress: Progress | None) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in _counted(selectors.export_rows(edition), progress):
        yield writer.writerow(csv_row(row))


def export_file(edition: Edition, fmt: str, progress: Progress | None = None) -> IO[bytes]:
    """The export in an anonymous temporary file, rewound (never in memory)."""
    out = tempfile.TemporaryFile(suffix=f".{fmt}")
    (write_xlsx if fmt == "xlsx" else write_csv)(edition, out, progress)
    out.seek(0)
    return out


class _Echo:
    def write(self, value: str) -> str:
        return value
