"""Server-rendered SVG charts (no JavaScript, no CDN): score histogram and category radar."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def histogram_counts(values: Sequence[float], *, maximum: float, bins: int = 10) -> list[int]:
    """How many totals fall into each of `bins` equal ranges of 0..maximum (the chart and its table)."""
    counts = [0] * bins
    for value in values:
        index = min(int(value / maximum * bins), bins - 1) if maximum else 0
        counts[max(index, 0)] += 1
    return counts


def histogram_rows(values: Sequence[float], *, maximum: float, bins: int = 10) -> list[tuple[str, int]]:
    """The histogram's numbers as (range, count) rows: the text alternative printed beside the chart."""
    counts = histogram_counts(values, maximum=maximum, bins=bins)
    step = maximum / bins
    return [(f"{step * i:.0f}–{step * (i + 1):.0f}", count) for i, count in enumerate(counts)]


def histogram_svg(values: Sequence[float], *, maximum: float, bins: int = 10, title: str = "") -> SafeString:
    """Bar chart of how many totals fall into each of `bins` equal ranges of 0..maximum."""
    width, height, pad = 480, 220, 30
    counts = histogram_counts(values, maximum=maximum, bins=bins)
    top = max(counts) or 1
    bar_w = (width - 2 * pad) / bins
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#666"/>',
    ]
    for i, count in enumerate(counts):
        bar_h = (height - 2 * pad) * count / top
        x = pad + i * bar_w
        y = height - pad - bar_h
        low = maximum * i / bins
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{bar_w - 4:.1f}" height="{bar_h:.1f}" fill="#b22222">'
            f"<title>{low:.0f}–{low + maximum / bins:.0f}: {count}</title></rect>"
        )
        if count:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle">{count}</text>'
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - pad + 12}" font-size="9" text-anchor="middle">{low:.0f}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text is escaped or numeric


def radar_svg(categories: Sequence[tuple[str, str, float]], *, title: str = "") -> SafeString:
    """Radar of percentage (0–100) per category: [(code, title, percentage)]."""
    size, radius = 320, 110
    centre = size / 2
    n = len(categories)
    if n < 3:
        return mark_safe("")

    def point(i: int, share: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return centre + radius * share * math.cos(angle), centre + radius * share * math.sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" class="chart radar" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for ring in (0.25, 0.5, 0.75, 1.0):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="#ccc"/>')
    for i, (code, name, _) in enumerate(categories):
        x, y = point(i, 1.15)
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" text-anchor="middle"><title>{escape(name)}</title>{escape(code)}</text>'
        )
    shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, c[2] / 100) for i, c in enumerate(categories)))
    parts.append(f'<polygon points="{shape}" fill="rgba(178,34,34,.25)" stroke="#b22222" stroke-width="2"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text is escaped or numeric


def score_bars_svg(rows: Sequence[tuple[str, Decimal | None]], *, title: str = "") -> SafeString:
    """One horizontal bar per (label, score 0–100); a missing score draws no bar (e.g. a survey's dimensions)."""
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
