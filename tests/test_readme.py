"""The README's settings table must list every environment variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_is_documented():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    readme = (ROOT / "README.md").read_text()
    read_by_code = set(re.findall(r'env(?:_bool|_list)?\("([A-Z0-9_]+)"', settings_source))
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", readme))
    assert sorted(read_by_code - documented) == []


def test_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
