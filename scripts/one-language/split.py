"""Split a bilingual '中文 English' string into (zh, en)."""
import re

CJK_CHARS = "\u2018-\u201d\u2026\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
CJK = re.compile(f"[{CJK_CHARS}]")
IDEO = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"(?<![A-Za-z%(])[A-Za-z]?[a-z]{2,}(?![a-z]*\)[sd])")
NAMES = {"Cookie", "cookie", "Excel", "Wagtail", "Django", "OpenSearch", "http", "https", "www", "pdf", "xlsx",
         "csv", "docx", "png", "jpg", "zip"}
TERMINATORS = "。！？；"
PH = r"(?:%\([A-Za-z_0-9]+\)[sd]|%[sd]|\{[^{}]*\}|\x00\d+\x00)"
PH_RE = re.compile(PH)


def placeholders(s):
    return PH_RE.findall(s)


def capfirst(s):
    return s[:1].upper() + s[1:] if s else s


def split(text: str):
    """Return (zh, en) or None when the text is not a Chinese-then-English pair."""
    if not IDEO.search(text):
        return None
    last = None
    for m in CJK.finditer(text):
        last = m
    head, tail = text[: last.end()], text[last.end():]
    words = [w for w in WORD.findall(tail) if w not in NAMES]
    if not words:
        return None
    if tail.lstrip().startswith("."):
        return None  # a file name such as 推荐意见.pdf
    first = WORD.search(tail)
    while first and first.group(0) in NAMES:
        first = WORD.search(tail, first.end())
    between, en = tail[: first.start()], tail[first.start():]
    # what sits between the last Chinese character and the first English word: placeholders, digits,
    # brackets. After a full stop it opens the English sentence; otherwise what can end a label ends it.
    if head[-1] not in TERMINATORS:
        m = re.match(r"(?:\s*(?:" + PH + r"|[0-9]+|[)\]]))*", between)
        head += m.group(0)
        between = between[m.end():]
    en = between.lstrip() + en
    en = en.strip()
    zh = head.rstrip()
    if not zh.strip():
        return None
    if en.startswith("(") and en.endswith(")") and en.count("(") == 1:
        en = en[1:-1]
    en = capfirst(en)
    if WORD.search(re.sub(r"[A-Za-z]+", lambda m: "" if m.group(0) in NAMES else m.group(0), PH_RE.sub("", zh))):
        return ("MIXED", zh, en)
    return zh, en
