"""Demo data: index everything the other seeders created (some arrange states with update())."""

from .exceptions import SearchUnavailable
from .services import rebuild_index


def seed(stdout=None, people=None, programs=None) -> None:
    try:
        name = rebuild_index()
    except SearchUnavailable as exc:  # the demo still works; `manage.py search_reindex` later
        if stdout:
            stdout.write(f"Search index not built: {exc}")
        return
    if stdout:
        stdout.write(f"Search index built ({name}).")
