"""Highlights for the database backend, in the same form Elasticsearch returns them."""

import re

from django.utils.html import escape

SNIPPET_CHARS = 120


def query_terms(query: str) -> list[str]:
    return [term for term in query.split() if term]


def highlight_html(text: str, terms: list[str]) -> str:
    """Escape `text` and wrap every case-insensitive occurrence of a term in <em>."""
    if not terms or not text:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<em>{escape(match.group(0))}</em>")
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def snippet_html(text: str, terms: list[str]) -> str:
    """A window of the text around the first match (or its start), highlighted."""
    if not text:
        return ""
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in terms]
    first = min((p for p in positions if p >= 0), default=-1)
    if first < 0:
        return escape(text[:SNIPPET_CHARS]) + ("…" if len(text) > SNIPPET_CHARS else "") if not terms else ""
    start = max(0, first - SNIPPET_CHARS // 3)
    window = text[start : start + SNIPPET_CHARS]
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_CHARS < len(text) else ""
    return prefix + highlight_html(window, terms) + suffix
