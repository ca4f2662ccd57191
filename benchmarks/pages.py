"""Public pages under 50 concurrent clients, cache off and on, each interleaved with a bare Django view.

Two gunicorn (gthread) servers run side by side on 127.0.0.1 with production settings on the same
seeded database: one with the anonymous page cache off (`PUBLIC_PAGE_CACHE_SECONDS=0`: every
request renders the Wagtail page), one with it on. Every page figure is measured right after the
bare view on the same server (bare, page, bare, page ...), and the ratio of each such pair is taken;
the rounds repeat and each row is the median of its rounds' ratios, so load that comes and goes on
the machine hits the baseline and our pages alike. The cache-on server is not warmed: its first round
includes the cold misses. Shared-link traffic (`?from=groupmessage&isappinstalled=0`) is measured on
the cache-on server the same way.

Backends: SQLite and the local-memory cache always; then PostgreSQL and Redis when they are there —
`QAP_POSTGRES` / `QAP_REDIS` (server URLs), else `DATABASE_URL` / `REDIS_URL`, else
postgres://postgres@127.0.0.1:5432 and redis://127.0.0.1:6379 when those ports answer. The suite uses
its own database `qap_bench_pages` on that server and Redis database 15 (both emptied first), so the
production cache is measured too. Load comes from several client processes with keep-alive
connections, so the Python client's GIL is not the bottleneck being measured.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from .common import ROOT, Result, free_port, wait_for_http

CLIENTS = 50
CLIENT_PROCESSES = 5
SECONDS = 3.0  # per measurement
ROUNDS = 3
SHARED_LINK = "?from=groupmessage&isappinstalled=0"
PG_DATABASE = "qap_bench_pages"
REDIS_DB = 15

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
    measured = [(f"{name} {path} · cache off", off_port, path) for name, path in pages.items()]
    measured += [(f"{name} {path} · cache on", on_port, path) for name, path in pages.items()]
    measured.append((f"shared link {call_url}{SHARED_LINK} · cache on", on_port, call_url + SHARED_LINK))
    pairs: dict[str, list[tuple[float, float]]] = {row: [] for row, _, _ in measured}
    try:
        for port in (off_port, on_port):
            wait_for_http(f"http://127.0.0.1:{port}/__bench__/bare/")
            throughput(port, "/__bench__/bare/", seconds=0.5, clients=CLIENT_PROCESSES * 2)  # start the workers
        for _ in range(rounds):
            for row, port, path in measured:
                bare = throughput(port, "/__bench__/bare/", seconds)
                pairs[row].append((throughput(port, path, seconds), bare))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    note = (
        f"{label}; median of {rounds} rounds × {seconds:g} s, each after the bare view on its server, {CLIENTS} clients"
    )
    results = []
    for row, _, _ in measured:
        ratios = sorted(pairs[row], key=lambda pair: pair[0] / pair[1])
        page, bare = ratios[len(ratios) // 2]  # the median pair (an odd number of rounds: the middle one)
        results.append(Result(row, page, bare, "req/s", ">= 0.5", note))
    return results


def _service_urls() -> tuple[str, str]:
    """The PostgreSQL server and Redis to measure on (see the module's docstring), or empty strings."""
    postgres = os.environ.get("QAP_POSTGRES") or os.environ.get("DATABASE_URL", "")
    if not postgres.startswith("postgres") and port_open(5432):
        postgres = "postgres://postgres@127.0.0.1:5432/postgres"
    redis_url = os.environ.get("QAP_REDIS") or os.environ.get("REDIS_URL", "")
    if not redis_url and port_open(6379):
        redis_url = "redis://127.0.0.1:6379/0"
    if not postgres.startswith("postgres") or not redis_url:
        return "", ""
    return postgres, redis_url


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _reset_services(postgres: str, redis_url: str) -> tuple[str, str]:
    import psycopg
    import redis

    with psycopg.connect(_with_database(postgres, "postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    bench_redis = _with_database(redis_url, str(REDIS_DB))
    redis.Redis.from_url(bench_redis).flushdb()
    return _with_database(postgres, PG_DATABASE), bench_redis


def run(seconds: float = SECONDS, rounds: int = ROUNDS) -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory(prefix="qap-bench-") as data_dir:
        results += _suite("SQLite, local-memory cache", data_dir, seconds, rounds)
    postgres, redis_url = _service_urls()
    if postgres:
        database_url, bench_redis = _reset_services(postgres, redis_url)
        with tempfile.TemporaryDirectory(prefix="qap-bench-") as data_dir:
            results += _suite(
                "PostgreSQL, Redis cache", data_dir, seconds, rounds, database_url=database_url, redis_url=bench_redis
            )
    else:
        print(
            "pages: no PostgreSQL and Redis (QAP_POSTGRES/QAP_REDIS, DATABASE_URL/REDIS_URL, local ports): SQLite only"
        )
    return results
