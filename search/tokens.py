"""Tokens for the database backend's full-text index: CJK bigrams plus lower-cased words.

Chinese has no spaces, so a run of CJK characters becomes its overlapping two-character pairs
(质量奖 → 质量 量奖) followed by its last character alone (奖): every two-character word is then
one token, and every single character starts some token, so a one-character query is a prefix
query. Letters and digits form lower-cased words. SQLite FTS5 and PostgreSQL's `simple`
text-search configuration index these tokens as they are, with their positions.

A query term becomes a phrase of tokens (`phrase`): consecutive bigrams of one run can only sit
side by side in a document that holds the whole run, so a Chinese term matches exactly the
documents that contain it, as the substring scan did. Words of letters and digits match whole
words or their beginnings. The reasoning is written out in docs/performance.md ("Database search
backend").
"""

from __future__ import annotations

import re

# Han (with extensions A–G and compatibility ideographs), kana and hangul: scripts written without
# spaces. Kana punctuation (U+309B/C, U+30FB) is left out: the index tokenizers split on it.
CJK = (
    "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    "\uf900-\ufaff\U00020000-\U0003134f"
)
RUNS = re.compile(rf"[{CJK}]+|[^\W_{CJK}]+")
CJK_RUN = re.compile(rf"[{CJK}]")


def _run_tokens(run: str) -> list[str]:
    if not CJK_RUN.match(run):
        return [run.lower()]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def document_tokens(*texts: str) -> str:
    """The space-separated tokens of a document's searchable texts."""
    return " ".join(token for text in texts if text for run in RUNS.findall(text) for token in _run_tokens(run))


def is_cjk_run(term: str) -> bool:
    """The term is one run of CJK characters (no letters, digits or punctuation)."""
    runs = RUNS.findall(term)
    return len(runs) == 1 and runs[0] == term and bool(CJK_RUN.match(term))


def phrase(term: str) -> list[tuple[str, bool]]:
    """The tokens a query term needs side by side in the index, in order: (token, is_prefix) pairs.

    For each run of the term (docs/performance.md, "Database search backend"):
    - a CJK run of two or more characters needs its bigrams; unless it ends the term, also its last
      character alone, because the document's run must end there too;
    - a single CJK character that ends the term is a prefix (it starts the next token in the
      document); elsewhere it is the lone last character of a document run;
    - a word of letters and digits that ends the term is a prefix, elsewhere a whole word.
    An empty list means the term has nothing indexable (punctuation only) and matches nothing.
    """
    runs = RUNS.findall(term)
    tokens = []
    for position, run in enumerate(runs):
        last = position == len(runs) - 1
        if not CJK_RUN.match(run):
            tokens.append((run.lower(), last))
        elif len(run) == 1:
            tokens.append((run, last))
        else:
            tokens += [(run[i : i + 2], False) for i in range(len(run) - 1)]
            if not last:
                tokens.append((run[-1], False))
    return tokens


def fts5_query(terms: list[str]) -> str | None:
    """An SQLite FTS5 MATCH expression: every term's phrase (`"a" + "b"*`), joined with AND."""
    phrases = []
    for term in terms:
        tokens = phrase(term)
        if not tokens:
            return None
        phrases.append(
            " + ".join('"' + token.replace('"', '""') + '"' + ("*" if prefix else "") for token, prefix in tokens)
        )
    return " AND ".join(phrases)


def tsquery(terms: list[str]) -> str | None:
    """A PostgreSQL to_tsquery('simple', …) text: every term's phrase (`'a' <-> 'b':*`), joined with &."""
    phrases = []
    for term in terms:
        tokens = phrase(term)
        if not tokens:
            return None
        quoted = (
            "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")
            for token, prefix in tokens
        )
        phrases.append("(" + " <-> ".join(quoted) + ")")
    return " & ".join(phrases)
