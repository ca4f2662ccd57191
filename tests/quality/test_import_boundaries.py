"""The engine imports no program, no program imports another, and accounts imports nothing of the
engine (docs/programs.md).

Read from the source with `ast`, so a lazy import inside a function counts as much as one at the top.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

def imported_packages(folder: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("workflows", {"awards", "brands", "cities"}),
        ("search", {"awards", "brands", "cities"}),
        ("accounts", {"workflows"}),
        # the public site asks the registry (workflows.programs) for what a program adds to its pages
        ("cms", {"awards", "brands", "cities"}),
        # a program is built on the engine only: no program imports another
        ("cities", {"awards", "brands"}),
        ("awards", {"brands", "cities"}),
        ("brands", {"awards", "cities"}),
    ],
)
def test_layers_do_not_import_what_sits_above_them(folder, forbidden):
    offending = {
        path: sorted(names & forbidden)
        for path, names in imported_packages(folder).items()
        if names & forbidden
    }

    assert offending == {}
