#!/usr/bin/env python3
"""One language per page: rewrite '中文 English' literals to Chinese msgids with English in the catalogue.

Usage: convert.py REPO [--dry-run]
Re-runnable: a second run finds nothing left to convert (already-converted strings are not bilingual).
Writes REPO/locale/en/LC_MESSAGES/django.po and prints a list of things left for hand fixing
(also written to LEFT.txt beside this script).
"""
from __future__ import annotations

import ast
import io
import json
import re
import sys
import tokenize
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from overrides import OVERRIDES, PLAIN_FILES, PLAIN_KEYWORDS, SKIP_FILES  # noqa: E402
from split import IDEO, PH_RE, capfirst, split  # noqa: E402

ROOT = Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else ".").resolve()
DRY = "--dry-run" in sys.argv
ONLY = next((a.split("=", 1)[1].split(",") for a in sys.argv if a.startswith("--only=")), None)


def selected(rel: str) -> bool:
    return ONLY is None or any(rel.startswith(p) for p in ONLY)
APPS = "accounts awards brands cities cms workflows search api config".split()
GT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "gettext_noop",
      "_lazy", "gettext_lazy_", "npgettext", "npgettext_lazy"}
LOGGER_METHODS = {"debug", "info", "warning", "exception", "critical", "log"}

left: list[str] = []          # things for hand fixing
pairs: dict[str, tuple[str, str]] = {}   # original bilingual text -> (zh, en)
catalogue_add: list[tuple[str, str, bool]] = []  # (zh msgid, en, python-format)
remove_msgids: set[str] = set()
counts = {"py": 0, "py_wrapped_new": 0, "fstring": 0, "tpl": 0, "tests": 0}


def note(path, line, what, text=""):
    rel = Path(path).relative_to(ROOT) if Path(path).is_absolute() else path
    left.append(f"{rel}:{line}: {what}: {text!r}" if text else f"{rel}:{line}: {what}")


def decide(text: str):
    """(zh, en) for a bilingual text, honouring the overrides; None to leave it; 'LEFT' when unsure."""
    if text in OVERRIDES:
        o = OVERRIDES[text]
        return o if o is None or o in ("SKIP", "ZH_ONLY") else tuple(o)
    s = split(text)
    if s is None:
        return None
    if s[0] == "MIXED":
        return "LEFT"
    zh, en = s
    if "\n" in zh.strip() or "\n" in en.strip():
        return "LEFT"
    zp, ep = PH_RE.findall(zh), PH_RE.findall(en)
    if set(ep) - set(zp):
        # 'Unknown stage: %(s)s' after '未知阶段': the Chinese gets the colon and the placeholder too
        m = re.fullmatch(r"[^%{\x00]*?(:?)\s*(" + "|".join(re.escape(p) for p in ep) + r")", en)
        if m and not zp and len(ep) == 1:
            zh = zh.rstrip("：:") + ("：" if m.group(1) else " ") + m.group(2)
        else:
            return "LEFT"
    named_zh = {p for p in zp if p.startswith("%(") or p.startswith("\x00")}
    named_en = {p for p in ep if p.startswith("%(") or p.startswith("\x00")}
    if named_zh - named_en:
        return "LEFT"  # msgfmt refuses an English that drops a named argument
    positional = [p for p in zp + ep if p in ("{}", "%s", "%d")]
    if positional and len(zp) != len(ep):
        return "LEFT"
    return zh, en


def zh_only(text):
    """The Chinese of a text whose English half is dropped."""
    m = re.search(r"</p><p>[^\u4e00-\u9fff]*$", text)
    if m:
        return text[: m.start()] + "</p>"
    s = split(text)
    return s[1] if s and s[0] == "MIXED" else s[0] if s else text


def add_entry(zh, en, pyformat=False):
    catalogue_add.append((zh, en, pyformat))


def py_literal(s: str) -> str:
    out = json.dumps(s, ensure_ascii=False)
    return out


# ----------------------------------------------------------------------------------------------------- Python
def func_name(call: ast.Call):
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


class PyFile:
    def __init__(self, path: Path, test=False):
        self.path = path
        self.test = test
        self.src = path.read_text(encoding="utf-8")
        self.tree = ast.parse(self.src)
        self.lines = self.src.splitlines(keepends=True)
        self.blines = [ln.encode("utf-8") for ln in self.lines]
        self.parents = {}
        for n in ast.walk(self.tree):
            for c in ast.iter_child_nodes(n):
                self.parents[c] = n
        self.edits: list[tuple[tuple[int, int], tuple[int, int], str]] = []
        self.need = set()   # "lazy", "eager"
        self.underscore = self.module_underscore()

    def module_underscore(self):
        for n in self.tree.body:
            if isinstance(n, ast.ImportFrom) and n.module == "django.utils.translation":
                for a in n.names:
                    if (a.asname or a.name) == "_":
                        return a.name
        return None

    def imported(self, name):
        for n in self.tree.body:
            if isinstance(n, ast.ImportFrom) and n.module == "django.utils.translation":
                for a in n.names:
                    if a.asname is None and a.name == name:
                        return True
        return False

    def offset(self, lineno, col):  # ast col offsets are utf-8 byte offsets
        return lineno, len(self.blines[lineno - 1][:col].decode("utf-8"))

    def segment(self, node):
        return ast.get_source_segment(self.src, node)

    def in_function(self, node):
        p = self.parents.get(node)
        while p is not None:
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                return p
            p = self.parents.get(p)
        return None

    def replace(self, node, text):
        self.edits.append((self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset), text))

    def context(self, node):
        """'wrapped', 'bare' or a reason to leave it."""
        par = self.parents.get(node)
        if isinstance(par, ast.Call) and func_name(par) in GT:
            return "wrapped"
        if isinstance(par, ast.Expr):
            return "docstring"
        if isinstance(par, ast.Dict) and node in par.keys:
            return "dict key"
        if isinstance(par, (ast.Compare, ast.Subscript, ast.arguments, ast.JoinedStr, ast.FormattedValue)):
            return type(par).__name__
        if isinstance(par, ast.Call):
            name = func_name(par)
            if name in ("format_html", "mark_safe", "format_html_join"):
                return "format_html"
            if name in LOGGER_METHODS and isinstance(par.func, ast.Attribute):
                recv = ast.unparse(par.func.value)
                if "log" in recv.lower():
                    return "logger"
        if isinstance(par, ast.keyword) and par.arg in ("code", "event", "slug", "name_en"):
            return "keyword " + par.arg
        return "bare"

    def wrap_name(self, node):
        fn = self.in_function(node)
        local_underscore = fn is not None and any(
            isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in ast.walk(fn)
        )
        hook = fn is not None and any("hooks.register" in ast.unparse(d) for d in getattr(fn, "decorator_list", []))
        if fn is None or hook:  # Wagtail builds its menus from the hooks once: lazy, translated per request
            if self.underscore == "gettext_lazy":
                return "_"
            self.need.add("lazy")
            return "gettext_lazy"
        if self.underscore == "gettext" and not local_underscore:
            return "_"
        self.need.add("eager")
        return "gettext"

    def run(self):
        rel = str(self.path.relative_to(ROOT))
        plain = any(rel.startswith(p) for p in PLAIN_FILES)
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                par = self.parents.get(node)
                if isinstance(par, (ast.JoinedStr, ast.FormattedValue)):
                    continue
                if self.test:
                    self.convert_test_literal(node)
                    continue
                ctx = self.context(node)
                if ctx == "docstring":
                    continue
                if OVERRIDES.get(node.value) == "ZH_ONLY":
                    self.replace(node, py_literal(zh_only(node.value)))
                    counts["py"] += 1
                    continue
                d = decide(node.value)
                if d is None or d == "SKIP":
                    continue
                if d == "LEFT":
                    note(self.path, node.lineno, "unsure split", node.value)
                    continue
                if d == "ZH_ONLY":
                    self.replace(node, py_literal(zh_only(node.value)))
                    counts["py"] += 1
                    continue
                zh, en = d
                if ctx == "wrapped":
                    self.replace(node, py_literal(zh))
                    remove_msgids.add(node.value)
                    add_entry(zh, en, bool(PH_RE.search(zh)) and "%(" in zh)
                    pairs[node.value] = (zh, en)
                    counts["py"] += 1
                elif ctx == "bare":
                    par = self.parents.get(node)
                    kw = par.arg if isinstance(par, ast.keyword) else None
                    if plain or kw in PLAIN_KEYWORDS.get(rel, ()):
                        self.replace(node, py_literal(zh))
                    else:
                        self.replace(node, f"{self.wrap_name(node)}({py_literal(zh)})")
                        add_entry(zh, en, "%(" in zh)
                        counts["py_wrapped_new"] += 1
                    pairs[node.value] = (zh, en)
                    counts["py"] += 1
                else:
                    note(self.path, node.lineno, f"bilingual literal in {ctx}", node.value)
            elif isinstance(node, ast.JoinedStr) and not self.test:
                self.convert_fstring(node)
        return self.apply()

    def convert_fstring(self, node):
        names, exprs, parts, orig = {}, {}, [], {}
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(v.value.replace("%", "%%"))
            else:
                src = self.segment(v.value)
                if v.conversion != -1:
                    src = {115: "str", 114: "repr", 97: "ascii"}[v.conversion] + f"({src})"
                if v.format_spec is not None:
                    spec = v.format_spec
                    if not all(isinstance(x, ast.Constant) for x in spec.values):
                        text = "".join(x.value if isinstance(x, ast.Constant) else "{}" for x in node.values)
                        if split(text):
                            note(self.path, node.lineno, "f-string with computed format spec", text)
                        return
                    src = f"format({src}, {py_literal(''.join(x.value for x in spec.values))})"
                if src not in names:
                    e = v.value
                    if isinstance(e, ast.Call) and func_name(e) in ("format", "str", "len") and e.args:
                        e = e.args[0]
                    base = (e.id if isinstance(e, ast.Name) else e.attr if isinstance(e, ast.Attribute)
                            else (func_name(e) or "value") if isinstance(e, ast.Call) else "value")
                    base = re.sub(r"\W", "_", base).strip("_") or "value"
                    name, i = base, 2
                    while name in exprs:
                        name, i = f"{base}{i}", i + 1
                    names[src], exprs[name] = name, src
                    orig[name] = "{" + self.segment(v)[1:-1] + "}" if self.segment(v) else None
                parts.append(f"%({names[src]})s")
        text = "".join(parts)
        d = decide(text)
        if d is None or d == "SKIP":
            return
        plain_text = "".join(x.value if isinstance(x, ast.Constant) else "{}" for x in node.values)
        if d == "LEFT":
            note(self.path, node.lineno, "unsure split (f-string)", text)
            return
        if d == "ZH_ONLY":
            zh = zh_only(text)
            body = re.sub(r"%\((\w+)\)s", lambda m: "\x01" + m.group(1) + "\x01", zh).replace("%%", "%")
            body = body.replace("{", "{{").replace("}", "}}")
            for name in exprs:
                body = body.replace("\x01" + name + "\x01", "\x02" + name + "\x02")
            body = json.dumps(body, ensure_ascii=False)[1:-1]
            for name in exprs:
                body = body.replace("\\u0002" + name + "\\u0002", "{" + self.fstring_field(node, name, exprs) + "}")
            self.replace(node, 'f"' + body + '"')
            counts["fstring"] += 1
            return
        zh, en = d
        used = [n for n in exprs if f"%({n})s" in zh]
        if not used:
            zh, en = zh.replace("%%", "%"), en.replace("%%", "%")
        call = f"{self.wrap_name(node)}({py_literal(zh)})"
        if used:
            call += " % {" + ", ".join(f'"{n}": {exprs[n]}' for n in used) + "}"
            par = self.parents.get(node)
            if isinstance(par, (ast.Attribute, ast.Subscript, ast.BinOp)):
                call = f"({call})"
        self.replace(node, call)
        add_entry(zh, en, bool(used))
        counts["fstring"] += 1

    def fstring_field(self, node, name, exprs):
        """The original replacement field's inside (expression, conversion, spec) for a placeholder name."""
        for v in node.values:
            if isinstance(v, ast.FormattedValue):
                src = self.segment(v.value)
                cand = src
                if v.conversion != -1:
                    cand = {115: "str", 114: "repr", 97: "ascii"}[v.conversion] + f"({src})"
                if v.format_spec is not None:
                    cand = f"format({cand}, {py_literal(''.join(x.value for x in v.format_spec.values))})"
                if cand == exprs[name]:
                    out = src
                    if v.conversion != -1:
                        out += "!" + chr(v.conversion)
                    if v.format_spec is not None:
                        out += ":" + "".join(x.value for x in v.format_spec.values)
                    return out
        raise ValueError(name)

    def convert_test_literal(self, node):
        par = self.parents.get(node)
        if isinstance(par, ast.Expr):
            return
        new = test_text(node.value)
        if new == node.value and not IDEO.search(node.value) and len(node.value) >= 4 and re.search(r"[a-z]{3}", node.value):
            fn = self.in_function(node)
            fsrc = self.segment(fn) if fn is not None else ""
            english = re.search(r"""["']en["']|/en/|lang=en|LANGUAGE|override\(|activate\(|english""", fsrc or "", re.I)
            zh = EN_TO_ZH.get(node.value)
            if zh and not english:
                new = zh
            elif (not english and isinstance(par, ast.Compare) and " " in node.value and len(node.value) >= 8
                  and any(node.value in en for en in EN_TO_ZH)):
                note(self.path, node.lineno, "test asserts part of an English text", node.value)
        if new != node.value:
            self.replace(node, py_literal(new))
            counts["tests"] += 1

    def apply(self):
        if not self.edits:
            return False
        lines = list(self.lines)
        for (l1, c1), (l2, c2), text in sorted(self.edits, reverse=True):
            first, last = lines[l1 - 1], lines[l2 - 1]
            new = first[:c1] + text + last[c2:]
            lines[l1 - 1 : l2] = [new]
        src = "".join(lines)
        src = self.add_imports(src)
        if not DRY:
            self.path.write_text(src, encoding="utf-8")
        return True

    def add_imports(self, src):
        want = []
        if "lazy" in self.need and not self.imported("gettext_lazy"):
            want.append("from django.utils.translation import gettext_lazy" if self.underscore
                        else "from django.utils.translation import gettext_lazy")
        if "eager" in self.need and not self.imported("gettext"):
            want.append("from django.utils.translation import gettext")
        if not want:
            return src
        # after the last top-level import
        last = None
        for n in self.tree.body:
            if isinstance(n, (ast.Import, ast.ImportFrom)):
                last = n
            elif last is not None and not isinstance(n, (ast.Import, ast.ImportFrom)):
                break
        lines = src.splitlines(keepends=True)
        if last is None:
            idx = 0
            if self.tree.body and isinstance(self.tree.body[0], ast.Expr):
                idx = self.tree.body[0].end_lineno
            lines[idx:idx] = [w + "\n" for w in want]
        else:
            lines[last.end_lineno : last.end_lineno] = [w + "\n" for w in want]
        return "".join(lines)


# ----------------------------------------------------------------------------------------------------- templates
TOKEN = re.compile(
    r"(?P<comment>\{#.*?#\}|<!--.*?-->|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\})"
    r"|(?P<block>\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\})"
    r"|(?P<script><script\b.*?</script>|<style\b.*?</style>)"
    r"|(?P<tag>\{%.*?%\})|(?P<var>\{\{.*?\}\})|(?P<html></?[A-Za-z][^<>]*?(?:\{[{%].*?[}%]\}[^<>]*?)*>)"
    r"|(?P<text>[^<{]+|[<{])",
    re.S,
)
TRANS_TAG = re.compile(r"""^\{%\s*(trans|translate)\s+(?P<q>["'])(?P<s>.*?)(?P=q)(?P<rest>.*?)%\}$""", re.S)
ATTR = re.compile(r"""(?P<name>placeholder|title|aria-label|alt|value|content|data-confirm|summary)=(?P<q>["'])(?P<v>[^"'{}]*)(?P=q)""")
SEP = r"[\s·|—–\-:：/,，]*"


def tpl_translate(zh, en, var_map=None):
    """Template code for a Chinese text, plus the catalogue entry."""
    var_map = var_map or {}
    if not var_map:
        q = '"' if '"' not in zh else "'"
        if q in zh:
            return None
        add_template_entry(zh, en)
        return "{%% translate %s%s%s %%}" % (q, zh, q)
    # blocktranslate with named variables
    withs, body, msgid, ens = [], zh, zh.replace("%", "%%"), en.replace("%", "%%")
    for marker, (name, expr) in var_map.items():
        if marker not in zh and marker not in en:
            continue
        if marker not in zh:
            return None
        body = body.replace(marker, "{{ %s }}" % name)
        msgid = msgid.replace(marker, "%%(%s)s" % name)
        ens = ens.replace(marker, "%%(%s)s" % name)
        if expr != name:
            withs.append(f"{name}={expr}")
    if "\x00" in ens:
        return None
    add_entry(msgid, ens, True)
    w = (" with " + " ".join(withs)) if withs else ""
    return "{%% blocktranslate%s %%}%s{%% endblocktranslate %%}" % (w, body)


def add_template_entry(zh, en):
    """A {% translate %} literal: Django looks it up with % doubled (Variable.resolve), as makemessages writes it."""
    if "%" in zh:
        add_entry(zh.replace("%", "%%"), en.replace("%", "%%"), True)
    else:
        add_entry(zh, en, False)


def var_name(expr):
    base = expr.split("|")[0].strip().split(".")[-1]
    base = re.sub(r"\W", "_", base).strip("_") or "value"
    return base + "_" if base in ("count", "context", "with", "trimmed", "asvar", "noop", "as") else base


def convert_run(run_tokens, path, lineno):
    """A run of text and variables; ' · ' separates labels, each converted on its own."""
    pieces, group = [], []
    for kind, text in run_tokens:
        if kind == "var":
            group.append((kind, text))
            continue
        for part in re.split(r"(\s+·\s+|\s+—\s+|\s+\|\s+)", text):
            if re.fullmatch(r"\s+·\s+|\s+—\s+|\s+\|\s+", part):
                pieces.append(group)
                pieces.append(part)
                group = []
            elif part:
                group.append((kind, part))
    pieces.append(group)
    out, changed = [], False
    for p in pieces:
        if isinstance(p, str):
            out.append(p)
            continue
        if not p:
            continue
        new = convert_segment(p, path, lineno)
        if new is None:
            out.append("".join(t for _, t in p))
        else:
            out.append(new)
            changed = True
    return "".join(out) if changed else None


def convert_segment(run_tokens, path, lineno):
    """run_tokens: list of (kind, text) of text and var tokens. Returns new text or None."""
    markers, var_map, joined = {}, {}, []
    for kind, text in run_tokens:
        if kind == "var":
            expr = text[2:-2].strip()
            m = markers.get(expr)
            if m is None:
                m = "\x00%d\x00" % len(markers)
                markers[expr] = m
                name = var_name(expr)
                taken = {n for n, _ in var_map.values()}
                i, base = 2, name
                while name in taken:
                    name, i = f"{base}{i}", i + 1
                var_map[m] = (name, expr)
            joined.append(m)
        else:
            joined.append(text)
    s = "".join(joined)
    lead = re.match(r"^" + SEP, s).group(0)
    core = s[len(lead):]
    trail = re.search(SEP + r"$", core).group(0)
    core = core[: len(core) - len(trail)] if trail else core
    restore = lambda t: re.sub(r"\x00\d+\x00", lambda m: "{{ %s }}" % var_map[m.group(0)][1], t)  # noqa: E731
    key = restore(core)
    if key in OVERRIDES and isinstance(OVERRIDES[key], tuple) and OVERRIDES[key][0] == "RAW":
        for zh, en in OVERRIDES[key][2]:
            add_entry(zh, en)
        counts["tpl"] += 1
        return restore(lead) + OVERRIDES[key][1] + restore(trail)
    if key in OVERRIDES and isinstance(OVERRIDES[key], tuple):
        unrestore = lambda t: re.sub(r"\{\{ (.*?) \}\}", lambda m: markers[m.group(1)], t)  # noqa: E731
        d = tuple(unrestore(x) for x in OVERRIDES[key])
    else:
        d = decide(core)
    if d is None or d == "SKIP":
        return None
    restore = lambda t: re.sub(r"\x00\d+\x00", lambda m: "{{ %s }}" % var_map[m.group(0)][1], t)  # noqa: E731
    if d == "LEFT":
        note(path, lineno, "unsure split (template)", restore(core))
        return None
    zh, en = d
    # the English may end with a separator that belonged to the page (' · ')
    code = tpl_translate(zh, en, {m: v for m, v in var_map.items() if m in zh or m in en})
    if code is None:
        note(path, lineno, "template text needs hand work", restore(core))
        return None
    pairs[restore(core)] = (restore(zh), en)
    counts["tpl"] += 1
    return restore(lead) + code + restore(trail)


def convert_template(path: Path):
    src = path.read_text(encoding="utf-8")
    toks = [(m.lastgroup, m.group(0), m.start()) for m in TOKEN.finditer(src)]
    out, i, changed = [], 0, False
    line_of = lambda pos: src.count("\n", 0, pos) + 1  # noqa: E731
    while i < len(toks):
        kind, text, pos = toks[i]
        if kind in ("text", "var"):
            j = i
            while j < len(toks) and toks[j][0] in ("text", "var"):
                j += 1
            run = [(k, t) for k, t, _ in toks[i:j]]
            original = "".join(t for _, t in run)
            # '办理进度 <small>Progress</small>': the English sits in the next small element
            if (j + 2 < len(toks) and re.match(r"<small\b[^>]*>$", toks[j][1]) and toks[j + 1][0] == "text"
                    and toks[j + 2][1] == "</small>" and IDEO.search(original) and not IDEO.search(toks[j + 1][1])
                    and re.search(r"[a-z]{2}", toks[j + 1][1]) and all(k == "text" for k, _ in run)):
                en = toks[j + 1][1].strip()
                zh_text = original.rstrip()
                lead = re.match(r"^" + SEP, zh_text).group(0)
                zh = zh_text[len(lead):]
                if zh and IDEO.search(zh) and not split(zh):
                    code = tpl_translate(zh, capfirst(en))
                    if code:
                        out.append(lead + code)
                        pairs[zh + " " + en] = (zh, capfirst(en))
                        counts["tpl"] += 1
                        i, changed = j + 3, True
                        continue
            new = convert_run(run, path, line_of(pos))
            if new is not None and new != original:
                out.append(new)
                changed = True
            else:
                out.append(original)
            i = j
            continue
        if kind == "tag":
            m = TRANS_TAG.match(text)
            if m:
                d = decide(m.group("s"))
                if d == "LEFT":
                    note(path, line_of(pos), "unsure split (translate tag)", m.group("s"))
                elif d and d != "SKIP":
                    zh, en = d
                    q = m.group("q")
                    if q not in zh:
                        text = "{%% %s %s%s%s%s%%}" % (m.group(1), q, zh, q, m.group("rest"))
                        remove_msgids.add(m.group("s"))
                        add_template_entry(zh, en)
                        pairs[m.group("s")] = (zh, en)
                        counts["tpl"] += 1
                        changed = True
            else:
                text, ch = convert_filter_literals(text, path, line_of(pos))
                changed |= ch
        elif kind == "var":
            pass
        elif kind == "block":
            text, ch = convert_block(text, path, line_of(pos))
            changed |= ch
        elif kind == "html":
            text, ch = convert_attrs(text, path, line_of(pos))
            changed |= ch
        out.append(text)
        i += 1
    if changed:
        new = "".join(out)
        new = ensure_load_i18n(new)
        if not DRY:
            path.write_text(new, encoding="utf-8")
    return changed


def convert_filter_literals(text, path, lineno):
    changed = False

    def sub(m):
        nonlocal changed
        s = m.group(2)
        d = decide(s)
        if d in (None, "SKIP"):
            return m.group(0)
        if d == "LEFT":
            note(path, lineno, "unsure split (template literal)", s)
            return m.group(0)
        zh, en = d
        changed = True
        add_template_entry(zh, en)
        pairs[s] = (zh, en)
        counts["tpl"] += 1
        return '_("%s")' % zh if m.group(1) is None else m.group(1) + '"%s")' % zh

    new = re.sub(r'(_\()?"([^"]*)"\)?', lambda m: sub(m) if IDEO.search(m.group(2)) else m.group(0), text)
    return new, changed


def convert_block(text, path, lineno):
    m = re.match(r"(\{%\s*blocktrans(?:late)?\b(?P<args>.*?)%\})(?P<body>.*?)(\{%\s*endblocktrans(?:late)?\s*%\})$", text, re.S)
    body = m.group("body")
    if "{% plural" in body or "{%plural" in body:
        if split(body):
            note(path, lineno, "bilingual plural blocktranslate", body)
        return text, False
    tmp = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda mm: "%(" + mm.group(1) + ")s", body)
    d = decide(tmp.strip())
    if d in (None, "SKIP"):
        return text, False
    if d == "LEFT" or "trimmed" in m.group("args") or "\n" in body.strip():
        note(path, lineno, "bilingual blocktranslate", body)
        return text, False
    zh, en = d
    lead = body[: len(body) - len(body.lstrip())]
    trail = body[len(body.rstrip()):]
    newbody = lead + re.sub(r"%\((\w+)\)s", lambda mm: "{{ " + mm.group(1) + " }}", zh) + trail
    remove_msgids.add(tmp.replace("%", "%%").replace("%%(", "%(").strip() if False else tmp.strip())
    add_entry(zh, en, "%(" in zh)
    pairs[body.strip()] = (newbody.strip(), en)
    counts["tpl"] += 1
    return m.group(1) + newbody + m.group(4), True


def convert_attrs(text, path, lineno):
    changed = False

    def sub(m):
        nonlocal changed
        v = m.group("v")
        d = decide(v)
        if d in (None, "SKIP"):
            return m.group(0)
        if d == "LEFT":
            note(path, lineno, "unsure split (attribute)", v)
            return m.group(0)
        zh, en = d
        q = m.group("q")
        inner = "'" if q == '"' else '"'
        if inner in zh:
            note(path, lineno, "attribute with quotes", v)
            return m.group(0)
        changed = True
        add_template_entry(zh, en)
        pairs[v] = (zh, en)
        counts["tpl"] += 1
        return f"{m.group('name')}={q}{{% translate {inner}{zh}{inner} %}}{q}"

    return ATTR.sub(sub, text), changed


def ensure_load_i18n(src):
    if re.search(r"\{%\s*load\s[^%]*\bi18n\b", src):
        return src
    m = re.search(r"(\{%\s*extends\s[^%]*%\}\n?)", src)
    if m:
        return src[: m.end()] + ("" if m.group(1).endswith("\n") else "\n") + "{% load i18n %}\n" + src[m.end():]
    return "{% load i18n %}\n" + src


# ----------------------------------------------------------------------------------------------------- tests
EN_TO_ZH: dict[str, str] = {}


def test_text(s: str) -> str:
    """A test string with every known bilingual text replaced by its Chinese."""
    if not IDEO.search(s):
        return s
    for orig in sorted(pairs, key=len, reverse=True):
        if orig in s and len(orig) > 3:
            s = s.replace(orig, pairs[orig][0])
        else:
            esc = orig.replace("'", "&#x27;").replace('"', "&quot;")
            if esc != orig and esc in s:
                s = s.replace(esc, pairs[orig][0].replace("'", "&#x27;").replace('"', "&quot;"))
    d = decide(s) if not re.search(r"[<>{}]", s) else None
    if isinstance(d, tuple):
        s = d[0]
    return s


# ----------------------------------------------------------------------------------------------------- catalogue
def po_unescape(s):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(m.group(1), m.group(0)), s)


def po_escape(s):
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def parse_block(block):
    fields, cur = {}, None
    for line in block.splitlines():
        m = re.match(r'^(msgid|msgstr|msgctxt|msgid_plural|msgstr\[\d\])\s+"(.*)"$', line)
        if m:
            cur = m.group(1)
            fields[cur] = po_unescape(m.group(2))
        elif line.startswith('"') and cur:
            fields[cur] += po_unescape(line[1:-1])
    return fields


def update_catalogue():
    po = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    # a union merge can leave two entries without the blank line between them
    text = re.sub(r'(\nmsgstr(?:\[\d\])?[^\n]*(?:\n"[^\n]*")*)\n(?=#|msgid |msgctxt )', r"\1\n\n", text)
    blocks = text.rstrip("\n").split("\n\n")
    index = {}
    keep = []
    for b in blocks:
        f = parse_block(b)
        mid = f.get("msgid")
        if mid and "msgctxt" not in f and not b.lstrip().startswith("#~"):
            if mid in remove_msgids and split(mid):
                continue
            if mid in index:
                continue  # a duplicate (from a union merge) would break compilation
            index[mid] = len(keep)
        keep.append(b)
    added = 0
    for zh, en, pyf in catalogue_add:
        if zh in index:
            b = keep[index[zh]]
            f = parse_block(b)
            if not f.get("msgstr") and "msgstr[0]" not in f:
                keep[index[zh]] = make_block(zh, en, pyf or "python-format" in b)
            continue
        index[zh] = len(keep)
        keep.append(make_block(zh, en, pyf))
        added += 1
    if not DRY:
        po.write_text("\n\n".join(keep) + "\n", encoding="utf-8")
    return added


def make_block(zh, en, pyf):
    flag = "#, python-format\n" if pyf else ""
    return f'{flag}msgid "{po_escape(zh)}"\nmsgstr "{po_escape(en)}"'


def tidy(files):
    """Sort the added imports; reformat the files that were ruff-formatted before the conversion."""
    import subprocess

    ruff = str(ROOT / ".venv" / "bin" / "ruff")
    if not files:
        return
    subprocess.run([ruff, "check", "--fix", "--select", "I", "--quiet", *files], cwd=ROOT)
    subprocess.run([ruff, "format", "--quiet", *[f for f in files if f not in UNFORMATTED]], cwd=ROOT)


# ----------------------------------------------------------------------------------------------------- main
UNFORMATTED: set[str] = set()


def main():
    import subprocess

    out = subprocess.run([str(ROOT / ".venv" / "bin" / "ruff"), "format", "--check", "."], cwd=ROOT,
                         capture_output=True, text=True).stdout
    UNFORMATTED.update(line.split("Would reformat: ", 1)[1].strip() for line in out.splitlines()
                       if line.startswith("Would reformat: "))
    changed = []
    for app in APPS:
        for p in sorted((ROOT / app).rglob("*.py")):
            rel = str(p.relative_to(ROOT))
            if "migrations" in p.parts or "/tests/" in rel or any(rel.startswith(s) for s in SKIP_FILES):
                continue
            if not selected(rel):
                continue
            if PyFile(p).run():
                changed.append(rel)
    for p in sorted((ROOT / "templates").rglob("*.html")) + sorted(
        q for app in APPS for q in (ROOT / app).rglob("templates/**/*.html")
    ):
        if not selected(str(p.relative_to(ROOT))):
            continue
        if convert_template(p):
            changed.append(str(p.relative_to(ROOT)))
    for zh, en, _pyf in catalogue_add:
        if "%" not in en and len(en) >= 4:
            EN_TO_ZH.setdefault(en, zh)
    for p in sorted((ROOT / "tests").rglob("*.py")):
        rel = str(p.relative_to(ROOT))
        if rel.startswith("tests/i18n/") or any(rel.startswith(s) for s in SKIP_FILES) or not selected(rel):
            continue
        if PyFile(p, test=True).run():
            changed.append(rel)
    added = update_catalogue()
    seen, conflicts = {}, []
    for zh, en, _pyf in catalogue_add:
        if zh in seen and seen[zh] != en:
            conflicts.append(f"{zh!r}: {seen[zh]!r} (used) / {en!r}")
        seen.setdefault(zh, en)
    (Path(__file__).parent / "CONFLICTS.txt").write_text("\n".join(sorted(set(conflicts))) + "\n", encoding="utf-8")
    if not DRY:
        tidy([c for c in changed if c.endswith(".py")])
    (Path(__file__).parent / "LEFT.txt").write_text("\n".join(left) + "\n", encoding="utf-8")
    (Path(__file__).parent / "pairs.json").write_text(json.dumps(pairs, ensure_ascii=False, indent=0), encoding="utf-8")
    (Path(__file__).parent / "changed.txt").write_text("\n".join(changed) + "\n", encoding="utf-8")
    print(json.dumps(counts), f"catalogue +{added}, removed {len(remove_msgids)} bilingual msgids", f"files {len(changed)}")
    print(f"left for hand fixing: {len(left)} (see LEFT.txt)")


if __name__ == "__main__":
    main()
