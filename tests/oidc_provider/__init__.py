"""Start the test OpenID Connect provider (server.mjs, the npm `oidc-provider` package on Node.js).

The package is installed from this folder's package-lock.json the first time (``npm ci``), so a
fresh machine with Node.js and npm gets the same pinned versions.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent


def ensure_installed() -> None:
    if (HERE / "node_modules" / "oidc-provider" / "package.json").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("The single sign-on tests need Node.js and npm (to run the npm oidc-provider package).")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)


@contextmanager
def running_provider(*, client: dict, accounts_file: Path):
    """Yield the issuer URL of a provider serving ``client`` and the people in ``accounts_file``
    (JSON: login -> claims; the login is the subject and the file is read on every lookup)."""
    ensure_installed()
    config = {"port": 0, "client": client, "accounts_file": str(accounts_file)}
    proc = subprocess.Popen(
        [shutil.which("node") or "node", str(HERE / "server.mjs")],
        cwd=HERE,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "OIDC_TEST_CONFIG": json.dumps(config),
            "NODE_ENV": "test",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        if not line.startswith("listening "):
            raise RuntimeError(f"the test OpenID provider did not start: {line!r}")
        yield line.split(" ", 1)[1].strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
