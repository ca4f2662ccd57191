import ast, sys, pathlib, collections
sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
from split import split
ROOT = pathlib.Path(sys.argv[1])
APPS = "accounts awards brands cities cms workflows search api config".split()
GT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "gettext_noop", "_lazy"}
cnt = collections.Counter()
for app in APPS:
    for p in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in p.parts: continue
        src = p.read_text()
        tree = ast.parse(src)
        parents = {}
        for n in ast.walk(tree):
            for c in ast.iter_child_nodes(n):
                parents[c] = n
        for n in ast.walk(tree):
            if isinstance(n, ast.Constant) and isinstance(n.value, str):
                if isinstance(parents.get(n), ast.JoinedStr): continue
                s = split(n.value)
                if not s: continue
                par = parents.get(n)
                if isinstance(par, ast.Call) and getattr(par.func, "id", getattr(par.func, "attr", None)) in GT:
                    kind = "wrapped"
                elif isinstance(par, ast.Expr):
                    kind = "docstring"
                else:
                    kind = "bare:" + type(par).__name__
                    if isinstance(par, ast.Call):
                        kind += ":" + str(getattr(par.func, "id", getattr(par.func, "attr", None)))
                    elif isinstance(par, ast.keyword):
                        kind += ":" + str(par.arg)
                cnt[kind] += 1
                if len(sys.argv) > 2 and sys.argv[2] in kind:
                    print(p, n.lineno, kind, repr(n.value)[:100])
            if isinstance(n, ast.JoinedStr):
                txt = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in n.values)
                if split(txt):
                    cnt["fstring:" + type(parents.get(n)).__name__] += 1
                    if len(sys.argv) > 2 and sys.argv[2] == "fstring":
                        print(p, n.lineno, repr(txt)[:100])
for k, v in cnt.most_common(): print(v, k)
