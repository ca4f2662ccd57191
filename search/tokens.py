"""Tokens for the database backend's full-text index: CJK bigrams plus lower-cased words.

Chinese has no spaces, so a run of CJK characters becomes its overlapping two-character pairs
(质量奖 → 质量 量奖) followed by its last character alone (奖): every two-character word is then
one token, and every single character starts some token, so a one-character query is a prefix
query. Letters and digits form lower-cased words. SQLite FTS5 and PostgreSQL's `simple`
text-search configuration index these tokens as they are (docs/performance.md).
"""

from __future__ import annotations

import re

# Han (with extensions A and compatibility ideographs), kana and hangul: scripts written without spaces.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
RUNS = re.compile(rf"[{CJK}]+|[^\W_{CJK}]+")
CJK_RUN = re.compile(rf"[{CJK}]")


def _run_tokens(run: str) -> list[str]:
    if not CJK_RUN.match(run):
        return [run.lower()]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def document_tokens(*texts: str) -> str:
    """The space-separated tokens of a document's searchable texts."""
    return " ".join(token for text in texts if text for run in RUNS.findall(text) for token in _run_tokens(run))


def query_groups(term: str) -> list[tuple[str, bool]]:
    """What a query term needs in the index: (token, is_prefix) pairs, all required.

    A CJK run of two or more characters needs each of its bigrams; a single CJK character matches
    the tokens it starts. Words of letters and digits need nothing from the index: the exact
    substring filter that follows the index lookup decides them (so "3C" still finds a credit
    code that contains it), which keeps the results exactly those of a substring scan.
    """
    needed = []
    for run in RUNS.findall(term):
        if not CJK_RUN.match(run):
            continue
        if len(run) > 1:
            needed += [(run[i : i + 2], False) for i in range(len(run) - 1)]
        else:
            needed.append((run, True))
    return needed
