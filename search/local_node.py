"""A local OpenSearch node for tests, benchmarks and `make prodlike`: `scripts/opensearch-node` in a
child process, its URL read from what it prints once the cluster answers.

Not used by the product itself, which talks to whatever cluster SEARCH_URL names.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import urllib.request
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "opensearch-node"
START_TIMEOUT_SECONDS = 300  # the first start fetches OpenSearch from Maven Central


def can_run_locally() -> bool:
    """Java and Maven are what the script needs (it fetches OpenSearch itself)."""
    return bool(shutil.which("java") and shutil.which("mvn"))


class LocalOpenSearchNode:
    """Starts on construction; `close()` stops it. The node also stops when this process dies."""

    def __init__(self, data_dir: Path, port: int = 0, heap: str | None = None):
        data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = data_dir / "opensearch-node.log"
        self._log = self.log_path.open("w")
        env = {**os.environ, **({"OPENSEARCH_HEAP": heap} if heap else {})}
        self.process = subprocess.Popen(
            [str(SCRIPT), "--data", str(data_dir / "node"), "--port", str(port), "--parent-pid", str(os.getpid())],
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env=env,
        )
        self.url = self._wait_for_url()
        with urllib.request.urlopen(self.url, timeout=10) as response:
            self.version = json.load(response)["version"]["number"]

    def _wait_for_url(self) -> str:
        found: list[str] = []

        def read() -> None:
            for line in self.process.stdout:
                if " listening on " in line:
                    found.append(line.rsplit(" ", 1)[-1].strip())
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_SECONDS)
        if not found:
            self.close()
            raise RuntimeError(
                f"the OpenSearch node did not start within {START_TIMEOUT_SECONDS} s:\n"
                + self.log_path.read_text()[-3000:]
            )
        return found[0]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
