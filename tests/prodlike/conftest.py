"""The production topology (scripts/prodlike) for the tests in this folder, started once per session.

These tests run when QAP_TEST_PRODLIKE=1 (`.ci/run` sets it: PostgreSQL, Redis, Java and Maven are there);
elsewhere they are deselected, since a fresh machine with only Python cannot run the topology.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent.parent


def pytest_collection_modifyitems(config, items):
    if os.environ.get("QAP_TEST_PRODLIKE") == "1":
        return
    here = str(Path(__file__).parent)
    chosen = [item for item in items if not str(item.fspath).startswith(here)]
    if len(chosen) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if str(item.fspath).startswith(here)])
        items[:] = chosen


@dataclass
class Topology:
    url: str
    folder: Path

    def run(self, *args: str) -> object:
        """tests/prodlike/topology.py COMMAND inside the topology's settings; returns its JSON."""
        out = subprocess.run(
            ["bash", "-c", f'source "{self.folder}/env" && exec "$0" -m tests.prodlike.topology "$@"',
             str(ROOT / ".venv" / "bin" / "python"), *args],
            cwd=ROOT, check=True, capture_output=True, text=True, timeout=120,
        ).stdout
        return json.loads(out.strip().splitlines()[-1])

    def mail(self, kind: str) -> list[str]:
        folder = self.folder / "mail" / kind
        return [path.read_text(errors="replace") for path in sorted(folder.glob("*.log"))] if folder.exists() else []

    def log(self, name: str) -> str:
        return (self.folder / "logs" / f"{name}.log").read_text(errors="replace")


@pytest.fixture(scope="session")
def prodlike(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prodlike")
    port = free_port()
    env = {
        **os.environ,
        "QAP_PRODLIKE_DIR": str(folder),
        "QAP_PRODLIKE_PORT": str(port),
        "QAP_PRODLIKE_DB": f"qap_prodlike_test_{os.getpid()}",
        "QAP_PRODLIKE_REDIS_DB": "8",
        # If this session is killed before its finally runs, the topology's watchdog stops it.
        "QAP_PRODLIKE_OWNER_PID": str(os.getpid()),
    }
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"):
        env.pop(name, None)
    script = str(ROOT / "scripts" / "prodlike")
    started = subprocess.run([script, "start"], env=env, capture_output=True, text=True, timeout=1500)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield Topology(url=f"https://127.0.0.1:{port}", folder=folder)
    finally:
        subprocess.run([script, "stop"], env=env, capture_output=True, text=True, timeout=300)
