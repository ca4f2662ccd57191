"""`make bench` / `python -m benchmarks [pages|uploads ...] [--quick] [--write-results]`.

Prints one table of ratios: each figure against a baseline measured in the same run on the same
machine. Never run by `make test`; no timing is ever asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path

from . import pages, uploads
from .common import ROOT, Result

RESULTS_FILE = Path(__file__).resolve().parent / "RESULTS.md"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
        memory = f", {kb / 2**20:.0f} GB RAM"
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}, {platform.system()}"


def table(results: list[Result]) -> str:
    lines = [
        "| benchmark | ours | baseline | unit | ratio | target | ok | note |",
        "|---|---:|---:|---|---:|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.measured:.1f} | {r.baseline:.1f} | {r.unit} | {r.ratio:.2f} | {r.target} | "
            f"{'yes' if r.passed else 'NO'} | {r.note} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument(
        "suites",
        nargs="*",
        metavar="{pages,uploads,review,queue,search,exports,certificates,dbsearch}",
        help="default: all",
    )
    parser.add_argument("--quick", action="store_true", help="smaller volumes for a smoke run")
    parser.add_argument("--write-results", action="store_true", help=f"rewrite {RESULTS_FILE.name}")
    args = parser.parse_args()
    everything = ["pages", "uploads", "review", "queue", "search", "exports", "certificates", "dbsearch"]
    aliases = {"database_search": "dbsearch", "review_aggregation": "review", "search_throughput": "search"}
    suites = [aliases.get(suite, suite) for suite in args.suites] or everything
    unknown = set(suites) - set(everything)
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(sorted(unknown))}")

    results: list[Result] = []
    if "pages" in suites:
        results += pages.run(seconds=1.0, rounds=1) if args.quick else pages.run()
    if "uploads" in suites:
        upload_results, _raw = uploads.run(size_mb=50, rounds=1) if args.quick else uploads.run()
        results += upload_results

    output = table(results)
    print(output)
    # The review and search benchmarks configure Django (and their own databases) themselves, so they
    # run in their own processes and print their own ratio tables.
    separate_ok = True
    for suite, module, quick_args in (
        ("review", "benchmarks.review_aggregation", ["--quick"]),
        ("queue", "benchmarks.queue", ["--quick"]),
        ("search", "benchmarks.search_throughput", ["--quick"]),
        ("exports", "benchmarks.exports", ["--quick"]),
        ("certificates", "benchmarks.certificates", ["--quick"]),
        ("dbsearch", "benchmarks.database_search", ["--quick"]),
    ):
        if suite in suites:
            print(f"\n## {suite}")
            command = [sys.executable, "-m", module, *(quick_args if args.quick else [])]
            separate_ok &= subprocess.run(command, cwd=ROOT, check=False).returncode == 0
    print(f"\nMachine: {machine()}")
    if args.write_results and not args.quick:
        # The review and search suites record their own sections (from "## " on): keep them.
        previous = RESULTS_FILE.read_text() if RESULTS_FILE.exists() else ""
        kept = previous[previous.index("\n## ") :] if "\n## " in previous else ""
        RESULTS_FILE.write_text(
            "# Benchmark results\n\n"
            f"Latest `make bench` run, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, on {machine()}.\n"
            "Ratios compare our path with a baseline measured in the same run (see benchmarks/README.md).\n\n"
            f"{output}\n{kept}"
        )
    return 0 if separate_ok and all(r.passed for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
