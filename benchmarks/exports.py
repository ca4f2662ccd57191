"""Benchmark: the XLSX score export of one edition (N applications × 7 experts × 23 items).

    .venv/bin/python -m benchmarks.exports            # 5,000 applications (805,000 item scores)
    .venv/bin/python -m benchmarks.exports --quick    # 500

Runs on a throw-away test database (SQLite in memory, or test_<name> on PostgreSQL when
DATABASE_URL is set), filled by the review benchmark's generator. Our path is
`workflows.review.exports.write_xlsx` (both sheets, write-only workbook) into a temporary file.
Memory is the peak resident set growth during the export: the kernel's high-water mark (VmHWM)
is reset to the current RSS just before (`/proc/self/clear_refs`), so data generation cannot hide
inside it. The time baseline, measured in the same run on the same rows, is a raw cursor reading
the same columns and writing them with the csv module — the cheapest possible dump.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time

from .review_aggregation import POOL_SIZE, _generate, _setup_django, bench_edition

SIZE = 5000
QUICK_SIZE = 500
MEMORY_LIMIT_MB = 200.0


def _raw_dump(edition, out) -> None:
    from django.db import connection

    from workflows.review.models import ItemScore, Panel, Scorecard

    sql = (
        "SELECT p.stage, p.name, sc.object_id, sc.expert_id, sc.version, sc.status, i.criterion_id, i.percentage, "
        f"i.points, i.strengths, i.opportunities, i.deviation_reason FROM {ItemScore._meta.db_table} i "
        f"JOIN {Scorecard._meta.db_table} sc ON sc.id = i.scorecard_id "
        f"JOIN {Panel._meta.db_table} p ON p.id = sc.panel_id WHERE p.edition_id = %s "
        "ORDER BY p.stage, sc.object_id, sc.expert_id, sc.version, i.criterion_id"
    )
    writer = csv.writer(out)
    with connection.cursor() as cursor:
        cursor.execute(sql, [edition.pk])
        while rows := cursor.fetchmany(2000):
            writer.writerows(rows)


def run(size: int = SIZE):
    import os

    from .common import Result, reset_peak_memory, status_mb

    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="qap-bench-export-")
    os.environ.pop("S3_BUCKET", None)
    old_name = _setup_django()
    from django.db import connection

    from accounts.models import User
    from awards.models import AwardApplication
    from workflows.models import CriteriaFramework, Program
    from workflows.review.models import ExportJob
    from workflows.review.services.exports import build_export

    try:
        framework = CriteriaFramework.objects.get(code="gbt19580-2012")
        program = Program.objects.create(
            name="基准", slug="bench", kind="quality_award", level="municipal", authority="x"
        )
        experts = User.objects.bulk_create([User(username=f"bench-expert-{i}") for i in range(POOL_SIZE)])
        edition = bench_edition(program, framework, size, year=2026)
        _generate(edition, experts, size, first_object_id=1, rng=random.Random(2026), dossier_model=AwardApplication)

        with tempfile.TemporaryFile() as out:
            started = time.perf_counter()
            with open(out.fileno(), "w", closefd=False, newline="") as text:
                _raw_dump(edition, text)
            raw_seconds = time.perf_counter() - started
        job = ExportJob.objects.create(edition=edition, fmt="xlsx", requested_by=experts[0])
        rss_before = status_mb("VmRSS")
        reset_peak_memory()
        started = time.perf_counter()
        build_export(job.pk)
        seconds = time.perf_counter() - started
        growth = status_mb("VmHWM") - rss_before
        job.refresh_from_db()
        if job.status != ExportJob.Status.DONE:
            raise RuntimeError(f"export job ended {job.status}: {job.error}")
        size_mb = job.document.size / 2**20
        rows = size * 7 * 23
        vendor = connection.vendor
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    note = (
        f"{size:,} applications, {rows:,} item scores, {vendor}; XLSX {size_mb:.0f} MB in {seconds:.1f} s "
        f"vs raw cursor → CSV {raw_seconds:.1f} s (×{seconds / raw_seconds:.1f})"
    )
    return [
        Result(
            f"export XLSX {size:,} applications · peak memory growth", growth, MEMORY_LIMIT_MB, "MB", "<= 1.0", note
        ),
        Result(
            f"export XLSX {size:,} applications · time vs raw cursor → CSV",
            seconds,
            raw_seconds,
            "s",
            "",
            "same rows, same run; shown, no target",
        ),
    ]


def main() -> int:
    from .__main__ import table

    results = run(QUICK_SIZE if "--quick" in sys.argv else SIZE)
    print(table(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
