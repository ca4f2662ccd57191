"""A server-rendered SVG bar chart of scores 0–100 (no JavaScript), like workflows/review/charts.py;
the page prints the same numbers as a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def score_bars_svg(rows: Sequence[tuple[str, Decimal | None]], *, title: str = "") -> SafeString:
    """One horizontal bar per (label, score 0–100); a missing score draws no bar."""
    label_w, bar_max, row_h, pad = 110, 300, 28, 10
    width, height = label_w + bar_max + 60, pad * 2 + row_h * len(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{label_w}" y1="{pad}" x2="{label_w}" y2="{height - pad}" stroke="#666"/>',
    ]
    for i, (label, score) in enumerate(rows):
        y = pad + i * row_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row_h / 2 + 4:.1f}" font-size="12" text-anchor="end">{escape(label)}</text>'
        )
        if score is None:
            continue
        bar = bar_max * float(score) / 100
        parts.append(
            f'<rect x="{label_w}" y="{y + 5}" width="{bar:.1f}" height="{row_h - 10}" fill="#b22222">'
            f"<title>{escape(label)}: {score}</title></rect>"
            f'<text x="{label_w + bar + 4:.1f}" y="{y + row_h / 2 + 4:.1f}" font-size="11">{score}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text is escaped or numeric
