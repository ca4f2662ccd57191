"""Public pages under 50 concurrent clients, cache off and on, interleaved with a bare Django view.

Two gunicorn (gthread) servers run side by side on 127.0.0.1 with production settings on the same
seeded database: one with the anonymous page cache off (`PUBLIC_PAGE_CACHE_SECONDS=0`: every
request renders the Wagtail page), one with it on. Each round measures, one after the other, the
bare view, then every page on the cache-off server and on the cache-on server, for a fixed time
each; the rounds repeat and each figure is the median of its rounds, so load that comes and goes
on the machine hits the baseline and our pages alike. The cache-on server is not warmed: its first
round includes the cold misses. Shared-link traffic (`?from=groupmessage&isappinstalled=0`) is
measured on the cache-on server against the same bare view.

With PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 the whole suite runs a second time
on them (database `qap_bench_pages`, Redis database 15), so the production cache is measured too.
Load comes from several client processes with keep-alive connections, so the Python client's GIL
is not the bottleneck being measured.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from .common import ROOT, Result, free_port, wait_for_http

CLIENTS = 50
CLIENT_PROCESSES = 5
SECONDS = 3.0  # per measurement
ROUNDS = 3
SHARED_LINK = "?from=groupmessage&isappinstalled=0"
PG_URL = "postgres://postgres@127.0.0.1:5432/qap_bench_pages"
REDIS_URL = "redis://127.0.0.1:6379/15"

FIND_PAGES = """
import datetime as dt
from django.utils import timezone
from cms.models import CallPage, NoticeIndexPage, NoticePage
index = NoticeIndexPage.objects.first()
if not NoticePage.objects.live().exists():
    now = timezone.now()
    notice = index.add_child(instance=NoticePage(title="2026年度质量奖拟授奖名单公示", slug="bench-notice",
        kind="candidates", opens_at=now, closes_at=now + dt.timedelta(days=7), body="<p>公示</p>", live=False))
    notice.save_revision().publish()
print(CallPage.objects.live().first().url)
print(NoticePage.objects.live().first().url)
"""


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def server_environment(data_dir: str, *, cache_seconds: int, database_url: str = "", redis_url: str = "") -> dict:
    env = dict(os.environ)
    for name in ("DATABASE_URL", "S3_BUCKET", "SEARCH_URL", "REDIS_URL"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DATA_DIR=data_dir,
        DEBUG="false",
        SECRET_KEY="bench-" + secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="ERROR",
        PUBLIC_PAGE_CACHE_SECONDS=str(cache_seconds),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["CELERY_TASK_ALWAYS_EAGER"] = "true"
    return env


def prepare(env: dict[str, str]) -> tuple[str, str]:
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["seed_demo"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    found = subprocess.run(
        manage + ["shell", "-c", FIND_PAGES], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    call_url, notice_url = found.stdout.split()[-2:]
    return call_url, notice_url


def _client_process(port: int, path: str, threads: int, seconds: float, queue) -> None:
    counts, errors = [], []
    deadline = time.perf_counter() + seconds

    def worker():
        done = 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < deadline:
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
            done += 1
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.close()
        counts.append(done)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    queue.put((sum(counts), errors))


def throughput(port: int, path: str, seconds: float = SECONDS, clients: int = CLIENTS) -> float:
    """Requests per second completed by `clients` keep-alive connections GETting `path` for `seconds`."""
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=_client_process, args=(port, path, clients // CLIENT_PROCESSES, seconds, queue))
        for _ in range(CLIENT_PROCESSES)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started  # includes the last requests finishing after the deadline
    errors = [status for _, errs in results for status in errs]
    if errors:
        raise RuntimeError(f"{path}: {len(errors)} non-200 responses, e.g. {errors[:5]}")
    return sum(done for done, _ in results) / elapsed


def _gunicorn(port: int, env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "2", "--threads", "8", "--worker-class", "gthread", "--keep-alive", "5"]
    return subprocess.Popen([*command, "--log-level", "warning"], cwd=ROOT, env=env)


def _suite(label: str, data_dir: str, seconds: float, rounds: int, **backends) -> list[Result]:
    off_env = server_environment(data_dir, cache_seconds=0, **backends)
    on_env = server_environment(data_dir, cache_seconds=30, **backends)
    call_url, notice_url = prepare(off_env)
    pages = {"home 首页": "/", "call 申报通知": call_url, "notice 公示": notice_url}
    off_port, on_port = free_port(), free_port()
    servers = [_gunicorn(off_port, off_env), _gunicorn(on_port, on_env)]
    try:
        for port in (off_port, on_port):
            wait_for_http(f"http://127.0.0.1:{port}/__bench__/bare/")
            throughput(port, "/__bench__/bare/", seconds=0.5, clients=CLIENT_PROCESSES * 2)  # start the workers
        samples: dict[str, list[float]] = {}
        for _ in range(rounds):
            samples.setdefault("bare", []).append(throughput(off_port, "/__bench__/bare/", seconds))
            for name, path in pages.items():
                samples.setdefault(f"off {name}", []).append(throughput(off_port, path, seconds))
                samples.setdefault(f"on {name}", []).append(throughput(on_port, path, seconds))
            samples.setdefault("shared", []).append(throughput(on_port, call_url + SHARED_LINK, seconds))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    bare = statistics.median(samples["bare"])
    note = f"{label}; median of {rounds} interleaved rounds × {seconds:g} s, {CLIENTS} clients"
    results = []
    for name, path in pages.items():
        results.append(
            Result(
                f"{name} {path} · cache off", statistics.median(samples[f"off {name}"]), bare, "req/s", ">= 0.5", note
            )
        )
    for name, path in pages.items():
        results.append(
            Result(f"{name} {path} · cache on", statistics.median(samples[f"on {name}"]), bare, "req/s", ">= 0.5", note)
        )
    results.append(
        Result(
            f"shared link {call_url}{SHARED_LINK} · cache on",
            statistics.median(samples["shared"]),
            bare,
            "req/s",
            ">= 0.5",
            note,
        )
    )
    return results


def _reset_postgres_database() -> None:
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS qap_bench_pages WITH (FORCE)")
        conn.execute("CREATE DATABASE qap_bench_pages")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def run(seconds: float = SECONDS, rounds: int = ROUNDS) -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory(prefix="qap-bench-") as data_dir:
        results += _suite("SQLite, local-memory cache", data_dir, seconds, rounds)
    if port_open(5432) and port_open(6379):
        _reset_postgres_database()
        with tempfile.TemporaryDirectory(prefix="qap-bench-") as data_dir:
            results += _suite(
                "PostgreSQL, Redis cache", data_dir, seconds, rounds, database_url=PG_URL, redis_url=REDIS_URL
            )
    else:
        print("pages: PostgreSQL or Redis not listening on 127.0.0.1:5432/6379: measured on SQLite only")
    return results
