"""The English catalogue covers every string the templates and code mark for translation.

Msgids are Chinese (zh-hans is complete by construction); docs/i18n.md says how to add strings.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
CJK = re.compile(r"[\u4e00-\u9fff]")


def template_files() -> list[Path]:
    skip = {".venv", "node_modules", "tests", "var"}
    return sorted(p for p in ROOT.rglob("templates/**/*.html") if not skip & set(p.relative_to(ROOT).parts))


def parse_po(text: str) -> dict[str, str]:
    """msgid -> msgstr for the catalogue's single-line entries (makemessages --no-wrap)."""
    entries: dict[str, str] = {}
    for block in text.split("\n\n"):
        if block.lstrip().startswith("#~") or re.search(r"^#,.*\bfuzzy\b", block, re.M):
            continue  # obsolete or fuzzy entries are not compiled
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        msgstr = re.search(r'^msgstr "(.*)"$', block, re.M)
        if msgid and msgstr and msgid.group(1):
            entries[_unescape(msgid.group(1))] = _unescape(msgstr.group(1))
    return entries


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "'": "'", "\\": "\\"}


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), s)


GETTEXT_CALL = re.compile(r"\b(?:p?gettext|ngettext)\((?:u?'(?:[^'\\]|\\.)*',\s*)?u?'((?:[^'\\]|\\.)*)'")


def template_msgids(path: Path) -> set[str]:
    """The msgids makemessages extracts from one template (Django's own templatize)."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    ids = set()
    for raw in GETTEXT_CALL.findall(code):
        ids.add(_unescape(raw))
    return ids


def english() -> gettext.GNUTranslations:
    with MO.open("rb") as fh:
        return gettext.GNUTranslations(fh)


def test_compiled_catalogue_matches_the_po_file():
    po = {k: v for k, v in parse_po(PO.read_text(encoding="utf-8")).items() if v}
    mo = english()
    stale = {msgid: msgstr for msgid, msgstr in po.items() if mo.gettext(msgid) != msgstr}
    assert stale == {}, "run scripts/update-messages and commit django.mo"


def test_every_template_string_has_an_english_translation():
    mo = english()
    missing = {}
    for path in template_files():
        for msgid in template_msgids(path):
            if CJK.search(msgid) and mo.gettext(msgid) == msgid:
                missing.setdefault(str(path.relative_to(ROOT)), []).append(msgid)
    assert missing == {}


def test_the_catalogue_check_sees_a_missing_translation(tmp_path):
    page = tmp_path / "t.html"
    page.write_text('{% load i18n %}<p>{% translate "从未翻译过的字符串" %}</p>', encoding="utf-8")
    assert template_msgids(page) == {"从未翻译过的字符串"}
    assert english().gettext("从未翻译过的字符串") == "从未翻译过的字符串"


@pytest.mark.parametrize("msgid", ["申报通知", "公示公告", "跳到正文"])
def test_english_translations_contain_no_chinese(msgid):
    assert not CJK.search(english().gettext(msgid))


SOURCE_DIRS = ["accounts", "api", "awards", "brands", "cities", "cms", "config", "search", "templates", "workflows"]


def po_entries(text: str) -> dict[str, str]:
    """msgid -> msgstr (msgstr[0] for plurals) of a .po/.pot text, multi-line strings joined."""
    entries = {}
    for block in text.split("\n\n"):
        if block.lstrip().startswith("#~") or re.search(r"^#,.*\bfuzzy\b", block, re.M):
            continue
        fields, current = {}, None
        for line in block.splitlines():
            m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d+\])\s+"(.*)"$', line)
            if m:
                current = m.group(1).replace("[0]", "")
                fields[current] = _unescape(m.group(2))
            elif line.startswith('"') and current:
                fields[current] += _unescape(line[1:-1])
        if fields.get("msgid"):
            entries[fields["msgid"]] = fields.get("msgstr", "")
    return entries


@pytest.mark.slow
def test_every_string_marked_in_code_or_templates_has_an_english_msgstr(tmp_path):
    """Django's own extraction (makemessages, on a copy of the tree) against the committed catalogue."""
    import shutil
    import subprocess
    import sys

    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--keep-pot", "--no-wrap", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    extracted = po_entries((tmp_path / "locale" / "django.pot").read_text(encoding="utf-8"))
    committed = po_entries(PO.read_text(encoding="utf-8"))
    untranslated = sorted(m for m in extracted if CJK.search(m) and not committed.get(m))
    assert untranslated == []


def test_every_catalogue_entry_is_separated_by_a_blank_line():
    """Branches append entries and git's union merge can glue two together; a glued entry is read as one
    (the first msgid silently loses its English)."""
    lines = PO.read_text(encoding="utf-8").splitlines()
    glued = [
        number
        for number, (before, line) in enumerate(zip(lines, lines[1:], strict=False), start=2)
        if line.startswith(("msgid ", "#")) and before.startswith(("msgstr", '"'))
    ]
    assert glued == []


def test_every_name_from_the_national_standards_has_an_english_name():
    """GB/T 2260 divisions and GB/T 4754 industries are shown in the page's language: pickers, facets, rules."""
    from accounts.divisions import MANUFACTURING_DIVISIONS, QINGDAO_DISTRICTS, SHANDONG_CITIES
    from search.regions import INDUSTRY_SECTIONS, PROVINCES

    catalogue = parse_po(PO.read_text(encoding="utf-8"))
    tables = (PROVINCES, SHANDONG_CITIES, QINGDAO_DISTRICTS, INDUSTRY_SECTIONS, MANUFACTURING_DIVISIONS)
    names = [name for table in tables for name in table.values()]
    missing = [name for name in names if not catalogue.get(name)]
    assert len(names) == 34 + 16 + 10 + 20 + 31
    assert missing == []


def english_sentences(html: str) -> list[str]:
    """Text typed into a template outside any translation tag that reads as an English phrase."""
    html = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", "", html, flags=re.S)
    html = re.sub(r"{%.*?%}|{{.*?}}", " ", html, flags=re.S)
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    phrase = re.compile(r"[A-Za-z]{2,}(\s+[A-Za-z,.;:'()-]+){3,}")
    return [text.strip() for text in re.findall(r">([^<]+)<", html) if phrase.search(text)]


def test_no_template_prints_an_english_sentence_beside_the_chinese():
    """English belongs in the catalogue: a sentence typed into a template shows on the Chinese page too."""
    found = {
        str(path.relative_to(ROOT)): english_sentences(path.read_text(encoding="utf-8")) for path in template_files()
    }
    assert english_sentences('<p>{% translate "回避" %}<br><span>Before you see the material, declare</span></p>')
    assert {path: texts for path, texts in found.items() if texts} == {}
