"""A 500 MB upload to an S3 server (moto, over HTTP): through the real upload view, and raw boto3.

Each upload runs in its own fresh subprocess so its peak memory belongs to that upload alone.

- **Through the view** (the figure with the target): a subprocess serves Django's WSGI handler
  (wsgiref, one request at a time) on a throw-away test database with an applicant's draft
  application; this process streams a multipart POST of a 500 MB PDF, read from disk in 1 MB
  chunks, to `/portal/applications/<pk>/upload/` with the applicant's session and CSRF token. The
  server does what production does: Django's upload handlers spool the file to a temporary file,
  the form validates, `store_document` checks size (`DOCUMENT_MAX_BYTES`, set to 500 MB here), type
  by content and structure, hashes it (SHA-256) and saves it through django-storages S3Storage. Peak
  memory is the server's VmHWM (reset just before the request) minus its RSS before.
- **Storage only**: the project's default storage saving a Django File opened on disk (no view).
- **Baseline**: boto3's `upload_fileobj` of the same file to the same server. Baseline and view
  runs alternate (raw, view, raw, view, ...) and each side's median is compared.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from .common import ROOT, Result, free_port, wait_for_http

SIZE_MB = 500
BUCKET = "qap-bench"
CREDENTIALS = {
    "S3_ACCESS_KEY_ID": "bench",
    "S3_SECRET_ACCESS_KEY": "bench",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
}

OUR_PATH = """
import json, os, resource, sys, time, tracemalloc
import django
django.setup()
from django.core.files import File
from django.core.files.storage import default_storage
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
tracemalloc.start()
started = time.perf_counter()
with open(sys.argv[1], "rb") as fh:
    name = default_storage.save("bench/ours.bin", File(fh, name="ours.bin"))
elapsed = time.perf_counter() - started
size = default_storage.size(name)
print(json.dumps({"seconds": elapsed, "bytes": size, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rss_before_mb": rss_before,
                  "traced_peak_mb": tracemalloc.get_traced_memory()[1] / 2**20}))
"""

RAW_BOTO3 = """
import json, os, resource, sys, time, tracemalloc
import boto3
client = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name="us-east-1")
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
tracemalloc.start()
started = time.perf_counter()
with open(sys.argv[1], "rb") as fh:
    client.upload_fileobj(fh, os.environ["S3_BUCKET"], "bench/raw.bin")
elapsed = time.perf_counter() - started
size = client.head_object(Bucket=os.environ["S3_BUCKET"], Key="bench/raw.bin")["ContentLength"]
print(json.dumps({"seconds": elapsed, "bytes": size, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rss_before_mb": rss_before,
                  "traced_peak_mb": tracemalloc.get_traced_memory()[1] / 2**20}))
"""


VIEW_SERVER = """
import json, os, sys, time
import django
django.setup()
from django.db import connection
from django.test.utils import setup_test_environment
setup_test_environment()
connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.handlers.wsgi import WSGIHandler
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from wsgiref.simple_server import WSGIRequestHandler, make_server
from awards.selectors import edition_settings
from tests.factories import AwardApplicationFactory, applicant_for
from workflows.documents.models import Document

application = AwardApplicationFactory()
user = applicant_for(application.organization)
client = Client()
client.force_login(user)
slot = edition_settings(application.edition).required_documents[0]["slot"]

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

def status(field):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) / 1024 for line in fh if line.startswith(field + ":"))

server = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=Quiet)
csrf = _get_new_csrf_string()
print(json.dumps({"port": server.server_port, "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
                  "csrf": csrf, "path": f"/portal/applications/{application.pk}/upload/", "slot": slot,
                  "limit": settings.DOCUMENT_MAX_BYTES}), flush=True)
rss_before = status("VmRSS")
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")
server.handle_request()
document = Document.objects.filter(slot=slot).order_by("-id").first()
print(json.dumps({"growth_mb": status("VmHWM") - rss_before, "rss_before_mb": rss_before,
                  "bytes": document.size if document else 0, "sha256": document.sha256 if document else "",
                  "stored": default_storage.size(document.storage_key) if document else 0}), flush=True)
"""


def write_file(path: str, size_mb: int) -> None:
    """A well-formed-enough PDF of exactly size_mb MiB: header, random bytes, end-of-file marker."""
    head, tail = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"\n%%EOF\n"
    total = size_mb * 2**20
    chunk = os.urandom(2**20)
    with open(path, "wb") as fh:
        fh.write(head)
        left = total - len(head) - len(tail)
        while left > 0:
            fh.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
        fh.write(tail)


def upload_through_view(file_path: str, env: dict[str, str]) -> dict:
    """One multipart POST of `file_path` to the upload view served by a fresh subprocess."""
    import http.client
    import uuid

    server = subprocess.Popen([sys.executable, "-c", VIEW_SERVER], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        ready = json.loads(server.stdout.readline())
        boundary = uuid.uuid4().hex
        preamble = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="slot"\r\n\r\n{ready["slot"]}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="report.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        epilogue = f"\r\n--{boundary}--\r\n".encode()
        size = os.path.getsize(file_path)

        def body():
            yield preamble
            with open(file_path, "rb") as fh:
                while chunk := fh.read(2**20):
                    yield chunk
            yield epilogue

        connection = http.client.HTTPConnection("127.0.0.1", ready["port"], timeout=600)
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(preamble) + size + len(epilogue)),
            "Cookie": f"sessionid={ready['session']}; csrftoken={ready['csrf']}",
            "X-CSRFToken": ready["csrf"],
            "Referer": f"http://127.0.0.1:{ready['port']}/",
        }
        started = time.perf_counter()
        connection.request("POST", ready["path"], body=body(), headers=headers)
        response = connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        outcome = json.loads(server.stdout.readline())
        server.wait(timeout=120)
    finally:
        if server.poll() is None:
            server.kill()
    if response.status != 302 or outcome["bytes"] != size or outcome["stored"] != size:
        raise RuntimeError(f"upload through the view failed: HTTP {response.status}, {outcome}")
    return {**outcome, "seconds": elapsed, "limit": ready["limit"]}


def measure(script: str, file_path: str, env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", script, file_path], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _seconds(runs: list[dict]) -> str:
    return ", ".join(f"{r['seconds']:.1f}" for r in runs)


def run(size_mb: int = SIZE_MB, rounds: int = 2) -> tuple[list[Result], dict]:
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    moto = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(endpoint + "/moto-api/")
        env = {**os.environ, **CREDENTIALS, "DJANGO_SETTINGS_MODULE": "config.settings"}
        env.update(S3_BUCKET=BUCKET, S3_ENDPOINT_URL=endpoint, S3_REGION="us-east-1")
        import boto3

        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="bench",
            aws_secret_access_key="bench",
        ).create_bucket(Bucket=BUCKET)
        with tempfile.TemporaryDirectory(prefix="qap-bench-upload-") as folder:
            file_path = os.path.join(folder, "upload.bin")
            write_file(file_path, size_mb)
            view_env = {**env, "DOCUMENT_MAX_BYTES": str(size_mb * 2**20), "RATE_LIMIT_ENABLED": "false"}
            raws, views = [], []
            for _ in range(rounds):  # interleaved: raw, view, raw, view, ...
                raws.append(measure(RAW_BOTO3, file_path, env))
                views.append(upload_through_view(file_path, view_env))
            ours = measure(OUR_PATH, file_path, env)
        raw = min(raws, key=lambda r: abs(r["seconds"] - statistics.median(x["seconds"] for x in raws)))
        view = min(views, key=lambda r: abs(r["seconds"] - statistics.median(x["seconds"] for x in views)))
        expected = size_mb * 2**20
        if ours["bytes"] != expected or raw["bytes"] != expected:
            raise RuntimeError(f"uploaded sizes differ from {expected}: ours {ours['bytes']}, raw {raw['bytes']}")
        results = [
            Result(
                f"upload {size_mb} MB through the upload view (throughput)",
                size_mb / view["seconds"],
                size_mb / raw["seconds"],
                "MB/s",
                ">= 0.6",
                f"POST to /portal/applications/<pk>/upload/ (temp file, type and structure checks, SHA-256, "
                f"S3Storage) at DOCUMENT_MAX_BYTES={view['limit'] // 2**20} MB vs boto3 upload_fileobj; "
                f"median of {rounds} alternating runs each (view {_seconds(views)} s; raw {_seconds(raws)} s)",
            ),
            Result(
                f"upload {size_mb} MB through the upload view · peak memory growth",
                view["growth_mb"],
                200.0,
                "MB",
                "<= 1.0",
                f"limit 200 MB (server VmHWM during the request minus RSS before, {view['rss_before_mb']:.0f} MB)",
            ),
            Result(
                f"upload {size_mb} MB to S3 (throughput)",
                size_mb / ours["seconds"],
                size_mb / raw["seconds"],
                "MB/s",
                ">= 0.6",
                "storage only: default_storage.save vs boto3 upload_fileobj (no view)",
            ),
            Result(
                f"upload {size_mb} MB peak memory growth",
                ours["maxrss_mb"] - ours["rss_before_mb"],
                200.0,
                "MB",
                "<= 1.0",
                f"limit 200 MB (ru_maxrss during upload minus before); whole process {ours['maxrss_mb']:.0f} MB "
                f"(Django loaded {ours['rss_before_mb']:.0f} MB); raw boto3 growth "
                f"{raw['maxrss_mb'] - raw['rss_before_mb']:.0f} MB; Python allocations peak {ours['traced_peak_mb']:.0f} MB",
            ),
        ]
        return results, {"ours": ours, "raw": raw}
    finally:
        moto.terminate()
        moto.wait(timeout=30)
