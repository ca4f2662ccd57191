"""Append (msgid, msgstr) entries to the English catalogue unless the msgid is there (fills an empty msgstr)."""
import re
from pathlib import Path


def esc(s):
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def add(root: Path, entries) -> int:
    po = root / "locale/en/LC_MESSAGES/django.po"
    text = po.read_text(encoding="utf-8")
    added = 0
    for msgid, msgstr, pyf in entries:
        m = re.search(r'^msgid "%s"\nmsgstr "(.*)"$' % re.escape(esc(msgid)), text, re.M)
        block = ("#, python-format\n" if pyf else "") + f'msgid "{esc(msgid)}"\nmsgstr "{esc(msgstr)}"'
        if m:
            if not m.group(1):
                text = text[: m.start()] + f'msgid "{esc(msgid)}"\nmsgstr "{esc(msgstr)}"' + text[m.end():]
            continue
        text = text.rstrip("\n") + "\n\n" + block + "\n"
        added += 1
    po.write_text(text, encoding="utf-8")
    return added
