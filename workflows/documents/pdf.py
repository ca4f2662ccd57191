"""HTML to PDF with WeasyPrint, one font configuration per thread (docs/performance.md, "Certificates").

WeasyPrint builds a new fontconfig/Pango font configuration for every document unless it is given
one, and that memory is not returned: measured at about 18 MB per certificate in one process
(benchmarks/certificates.py). Reusing one configuration per thread keeps a worker's memory flat
across any number of documents. Pango objects are not shared between threads, hence per thread.
"""

from __future__ import annotations

import threading

from django.conf import settings

_local = threading.local()


def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF bytes of `html` (resources resolved against `base_url`, default the project folder)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).write_pdf(font_config=_font_config())
