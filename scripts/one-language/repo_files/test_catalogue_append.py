

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
