#!/usr/bin/env python3
"""Hand fixes applied after convert.py (re-runnable: each edit is skipped when already applied).

Usage: handfixes.py REPO"""
import re
import sys
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve()
CATALOGUE: list[tuple[str, str, bool]] = []   # extra (msgid, msgstr, python-format)
problems: list[str] = []

# (file, old, new): plain text replacements
EDITS = [
    # tests that asserted the English half next to the Chinese
    ("tests/accounts/test_credit_code.py",
     'assert "校验位" in str(exc.value) and "check digit" in str(exc.value)',
     'assert "校验位" in str(exc.value)\n    with translation.override("en"), pytest.raises(CreditCodeError) as exc:\n'
     '        check_credit_code("91110000600037341M")\n    assert "check digit" in str(exc.value)'),
    ("tests/accounts/test_credit_code.py", "import pytest\n\nfrom accounts", "import pytest\nfrom django.utils import translation\n\nfrom accounts"),
    ("tests/accounts/test_registration.py", 'assert "校验位错误" in html and "check digit" in html',
     'assert "校验位错误" in html and "check digit" not in html'),
    ("tests/awards/test_recommendation_notice.py", '"Upload the record of the recommendation notice" in refused.value.message',
     '"请上传推荐公示情况" in refused.value.message'),
    ("tests/awards/test_recommendation_notice.py", '"This edition requires a recommendation notice" in str(m)',
     '"本届次须先进行推荐公示" in str(m)'),
    ("tests/notices/test_objection_views.py",
     '"身份证号码校验位错误" in response.content.decode() and "check character" in response.content.decode()',
     '"身份证号码校验位错误" in response.content.decode()'),
    ("tests/notices/test_staff_desk.py",
     '"公示期尚未结束" in response.content.decode() and "has not ended" in response.content.decode()',
     '"公示期尚未结束" in response.content.decode()'),
    ("tests/quality/test_two_factor.py", '    assert "The code is wrong or expired" in response.content.decode()\n', ""),
    ("tests/documents/test_polyglot_uploads.py", '''    assert "The file's structure is not that of a plain" in exc.value.message''',
     '''    assert "请上传由办公软件直接导出的文件" in exc.value.message'''),
    # polyglot.py: a str.format template over (zh, en) pairs -> one gettext message with the problem inside
    ("workflows/documents/polyglot.py", '''MESSAGE = (
    "文件结构异常：{zh}。请上传由办公软件直接导出的文件。"
    "The file's structure is not that of a plain {kind} file: {en}. Please upload a file exported directly."
)''', '''MESSAGE = gettext_lazy("%(kind)s 文件结构异常：%(problem)s。请上传由办公软件直接导出的文件。")'''),
    ("workflows/documents/polyglot.py", "    return MESSAGE.format(zh=problem[0], en=problem[1], kind=kind)",
     '    return MESSAGE % {"kind": kind, "problem": problem}'),
    ("workflows/documents/polyglot.py", "import zipfile\n", "import zipfile\n\nfrom django.utils.translation import gettext, gettext_lazy\n"),
    ("workflows/documents/polyglot.py", "tuple[str, str] | None", "str | None"),
    ("workflows/documents/polyglot.py", '"""A bilingual reason why', '"""The reason why'),
    # a draw's rules are stored as JSON: the label snapshot is a str, not a lazy translation
    ("workflows/review/services/draws.py", 'entry = {"rule": rule, "label": Rule.LABELS[rule]}',
     'entry = {"rule": rule, "label": str(Rule.LABELS[rule])}'),
    # a request in English leaves the thread's language active; each test starts in the default language
    ("tests/conftest.py", "# --- browser -----", '''@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in zh-hans: a request in English (LocaleMiddleware) leaves the thread's language set."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()


# --- browser -----'''),
    # register_done: the sentence around the address is one blocktranslate
    ("templates/accounts/register_done.html", "<p>验证链接已发送至 <strong>{{ email }}</strong>，3天内有效。</p>",
     "<p>{% blocktranslate %}验证链接已发送至 <strong>{{ email }}</strong>，3天内有效。{% endblocktranslate %}</p>"),
]
CATALOGUE += [
    ("限流计数", "Rate-limit counter", False),
    ("%(kind)s 文件结构异常：%(problem)s。请上传由办公软件直接导出的文件。",
     "The file's structure is not that of a plain %(kind)s file: %(problem)s. Please upload a file exported directly.", True),
    ("验证链接已发送至 <strong>%(email)s</strong>，3天内有效。",
     "We sent a verification link to <strong>%(email)s</strong>; it is valid for 3 days.", True),
]


ONLY = next((a.split("=", 1)[1].split(",") for a in sys.argv if a.startswith("--only=")), None)


def selected(rel):
    return ONLY is None or any(rel.startswith(p) for p in ONLY)


def edit(rel, old, new):
    if not selected(rel):
        return
    p = ROOT / rel
    if not p.exists():
        problems.append(f"{rel}: missing")
        return
    s = p.read_text(encoding="utf-8")
    if new and new in s:
        pass  # already applied
    elif old in s:
        p.write_text(s.replace(old, new), encoding="utf-8")
    elif not new:
        pass
    else:
        problems.append(f"{rel}: not found: {old[:80]!r}")


def polyglot_pairs():
    """("中文", "English") pairs in polyglot.py -> gettext("中文"), English in the catalogue."""
    if not selected("workflows/documents/polyglot.py"):
        return
    p = ROOT / "workflows/documents/polyglot.py"
    s = p.read_text(encoding="utf-8")
    pat = re.compile(r'(return |= )\(?"([^"]*[\u4e00-\u9fff][^"]*)", "([^"]*)"\)?')

    def sub(m):
        CATALOGUE.append((m.group(2), m.group(3), False))
        return f'{m.group(1)}gettext("{m.group(2)}")'

    p.write_text(pat.sub(sub, s), encoding="utf-8")
    for zh in re.findall(r'gettext\("([^"]*)"\)', p.read_text(encoding="utf-8")):
        pass


def main():
    sys.path.insert(0, str(Path(__file__).parent))
    import handfixes_templates
    EDITS.extend(handfixes_templates.EDITS)
    CATALOGUE.extend(handfixes_templates.CATALOGUE)
    polyglot_pairs()
    for rel, old, new in EDITS:
        edit(rel, old, new)
    sys.path.insert(0, str(Path(__file__).parent))
    import convert_catalogue
    added = convert_catalogue.add(ROOT, CATALOGUE)
    print(f"hand fixes applied; catalogue +{added}")
    for p in problems:
        print("PROBLEM", p)


main()
