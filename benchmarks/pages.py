"""Public pages under 50 concurrent clients vs a bare Django view on the same gunicorn server.

A temporary DATA_DIR gets a SQLite database seeded with `seed_demo` (plus one notice when the
demo has none); gunicorn (gthread) serves it on 127.0.0.1 with production settings. Load comes
from several client processes with keep-alive connections, so the Python client's GIL is not
the bottleneck being measured.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time

from .common import ROOT, Result, free_port, wait_for_http

CLIENTS = 50
REQUESTS = 2000
CLIENT_PROCESSES = 5
WARMUP = 100

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


def server_environment(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DATA_DIR=data_dir,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="ERROR",
    )
    for name in ("DATABASE_URL", "S3_BUCKET", "SEARCH_URL", "REDIS_URL"):
        env.pop(name, None)
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


def _client_process(port: int, path: str, threads: int, per_thread: int, queue) -> None:
    errors = []

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_thread):
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    queue.put(errors)


def throughput(port: int, path: str, requests: int = REQUESTS, clients: int = CLIENTS) -> float:
    """Requests per second for `requests` GETs of `path` from `clients` concurrent connections."""
    threads = clients // CLIENT_PROCESSES
    per_thread = requests // clients
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=_client_process, args=(port, path, threads, per_thread, queue))
        for _ in range(CLIENT_PROCESSES)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    errors = [status for _ in processes for status in queue.get()]
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{path}: {len(errors)} non-200 responses, e.g. {errors[:5]}")
    return per_thread * threads * CLIENT_PROCESSES / elapsed


def run(requests: int = REQUESTS) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="qap-bench-") as data_dir:
        env = server_environment(data_dir)
        call_url, notice_url = prepare(env)
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "8",
                "--worker-class",
                "gthread",
                "--keep-alive",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for_http(f"http://127.0.0.1:{port}/__bench__/bare/")
            pages = {"home 首页": "/", "call 申报通知": call_url, "notice 公示": notice_url}
            for path in ["/__bench__/bare/", *pages.values()]:
                throughput(port, path, requests=WARMUP, clients=CLIENT_PROCESSES * 2)
            bare = throughput(port, "/__bench__/bare/", requests)
            results = []
            for name, path in pages.items():
                measured = throughput(port, path, requests)
                results.append(
                    Result(f"{name} {path}", measured, bare, "req/s", ">= 0.5", f"{requests} GETs, {CLIENTS} clients")
                )
            return results
        finally:
            server.terminate()
            server.wait(timeout=30)
