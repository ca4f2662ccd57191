"""Benchmark: a batch of certificates rendered by the background task (WeasyPrint, QR, seal, storage).

    .venv/bin/python -m benchmarks.certificates            # 200 certificates
    .venv/bin/python -m benchmarks.certificates --quick    # 20

Runs in a throw-away test database and a temporary DATA_DIR (local file storage), with titles and
certificates created directly. Our path is the worker's task, `render_certificate_batch`, called
once per batch of CERTIFICATE_BATCH_SIZE ids as the after-commit hook sends them. Memory is the peak
resident set growth over the whole run (VmHWM reset just before, after one warm-up certificate has
loaded WeasyPrint and the fonts). Baselines in the same process, same run, interleaved per batch:
rendering the same certificate's HTML (with its QR code) by a bare `weasyprint.HTML(...).write_pdf()` (time), and
the growth of the old path (a new font configuration per document) over a few certificates.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time

COUNT = 200
QUICK_COUNT = 20
MEMORY_LIMIT_MB = 100.0
OLD_PATH_SAMPLE = 5


def _certificates(count: int) -> list[int]:
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import Organization
    from workflows.models import CriteriaFramework, Program
    from workflows.titles.models import Certificate, Title

    from .review_aggregation import bench_edition

    program = Program.objects.create(
        name="基准质量奖", slug="bench-cert", kind="quality_award", level="municipal", authority="青岛市人民政府"
    )
    edition = bench_edition(program, CriteriaFramework.objects.get(code="gbt19580-2012"), count, year=2026)
    ct = ContentType.objects.get_for_model(Organization)
    ids = []
    for i in range(count):
        org = Organization.objects.create(
            name=f"青岛基准{i:04d}精密制造有限公司", credit_code=f"91370200{i:010d}", region_code="370200"
        )
        title = Title.objects.create(
            content_type=ct,
            object_id=org.pk,
            organization=org,
            edition=edition,
            holder_name=org.name,
            approval_document_no="青政字〔2026〕12号",
            approval_date=dt.date(2026, 6, 1),
            valid_from=dt.date(2026, 6, 1),
            valid_until=dt.date(2029, 5, 31),
        )
        ids.append(
            Certificate.objects.create(title=title, serial_no=f"QB2026-{i:05d}", issued_on=title.approval_date).pk
        )
    return ids


_BARE_FONTS = []


def _bare_render(certificate_id: int, *, fresh_fonts: bool = False) -> float:
    """The baseline: the same HTML through a bare WeasyPrint call (no seal, no storage, no row).

    It keeps its own font configuration (so it does not leak into our path's memory figure); with
    `fresh_fonts` it makes a new one per document, as the old path did.
    """
    from django.conf import settings
    from weasyprint import HTML

    from workflows.titles.certificates import certificate_html
    from workflows.titles.models import Certificate

    certificate = Certificate.objects.select_related("title__edition__program").get(pk=certificate_id)
    started = time.perf_counter()
    html = certificate_html(certificate)
    if fresh_fonts:
        font_config = None
    else:
        from weasyprint.text.fonts import FontConfiguration

        if not _BARE_FONTS:
            _BARE_FONTS.append(FontConfiguration())
        font_config = _BARE_FONTS[0]
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=font_config)
    return time.perf_counter() - started


def run(count: int = COUNT):
    from .common import Result, reset_peak_memory, status_mb

    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="qap-bench-cert-")
    os.environ.pop("S3_BUCKET", None)
    from .review_aggregation import _setup_django

    old_name = _setup_django()
    from django.conf import settings
    from django.db import connection

    from workflows.titles.models import Certificate
    from workflows.titles.tasks import render_certificate_batch

    try:
        ids = _certificates(count + 1)
        render_certificate_batch([ids[0]])  # warm-up: WeasyPrint, fonts and the seal loaded once
        _bare_render(ids[0])
        ids = ids[1:]
        size = settings.CERTIFICATE_BATCH_SIZE
        batches = [ids[i : i + size] for i in range(0, len(ids), size)]
        ours = bare = 0.0
        steps: list[float] = []
        rss_before = status_mb("VmRSS")
        reset_peak_memory()
        for batch in batches:
            started = time.perf_counter()
            render_certificate_batch(batch)
            ours += time.perf_counter() - started
            bare += _bare_render(batch[0]) * len(batch)  # interleaved: one bare render per batch
            print(f"  batch {len(steps) + 1}: peak growth {status_mb('VmHWM') - rss_before:.1f} MB", flush=True)
            steps.append(status_mb("VmHWM") - rss_before)
        growth = status_mb("VmHWM") - rss_before
        rendered = Certificate.objects.filter(pk__in=ids, pdf__isnull=False).count()
        # The old path (a font configuration per document) over a few certificates, same process.
        old_before = status_mb("VmRSS")
        for certificate_id in ids[:OLD_PATH_SAMPLE]:
            _bare_render(certificate_id, fresh_fonts=True)
        old_growth = (status_mb("VmRSS") - old_before) / OLD_PATH_SAMPLE
        vendor = connection.vendor
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if rendered != count:
        raise RuntimeError(f"{rendered} of {count} certificates rendered")
    note = (
        f"{count} certificates in {len(batches)} batches of {size}, {vendor}, local storage; "
        f"peak growth after each batch {' / '.join(f'{g:.0f}' for g in steps)} MB; "
        f"old path (font configuration per document) grows {old_growth:.1f} MB per certificate"
    )
    return [
        Result(f"certificate batch of {count} · peak memory growth", growth, MEMORY_LIMIT_MB, "MB", "<= 1.0", note),
        Result(
            f"certificate batch of {count} · time per certificate",
            ours / count,
            bare / count,
            "s",
            "",
            "ours: render + QR + seal + storage + row; baseline: bare WeasyPrint render of the same HTML",
        ),
    ]


def main() -> int:
    from .__main__ import table

    results = run(QUICK_COUNT if "--quick" in sys.argv else COUNT)
    print(table(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
