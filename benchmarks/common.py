"""Helpers shared by the benchmark modules: free ports, waiting for servers, a result row."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    name: str
    measured: float  # our path, in `unit`
    baseline: float  # the baseline, same unit, same run
    unit: str
    target: str  # e.g. ">= 0.5"; empty for a row shown for comparison only
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else 0.0

    @property
    def passed(self) -> bool:
        if not self.target:
            return True
        op, _, value = self.target.partition(" ")
        return self.ratio >= float(value) if op == ">=" else self.ratio <= float(value)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not come up within {timeout} s") from None
            time.sleep(0.2)


def status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (VmRSS, VmHWM, ...), in MiB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def reset_peak_memory() -> None:
    """Reset the kernel's high-water mark (VmHWM) to the current resident set."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
