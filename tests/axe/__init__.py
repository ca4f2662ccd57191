"""axe-core (the npm package) for the accessibility browser test, installed from this folder's
package-lock.json the first time it is needed (``npm ci``), like tests/oidc_provider."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "node_modules" / "axe-core" / "axe.min.js"


def axe_script() -> Path:
    if not SCRIPT.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("The accessibility test needs npm (to install the axe-core package).")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)
    return SCRIPT
