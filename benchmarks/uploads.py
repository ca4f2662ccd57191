"""Streaming a 500 MB upload to an S3 server (moto) through our storage vs raw boto3.

Each upload runs in its own fresh subprocess so its peak memory (ru_maxrss, plus tracemalloc's
peak of Python allocations) belongs to that upload alone. "Our path" is the project's default
storage as configured by config.settings for S3 (django-storages S3Storage, private bucket,
s3v4) saving a Django File opened on disk; the baseline is boto3's upload_fileobj of the same file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

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


def write_file(path: str, size_mb: int) -> None:
    chunk = os.urandom(2**20)
    with open(path, "wb") as fh:
        for _ in range(size_mb):
            fh.write(chunk)


def measure(script: str, file_path: str, env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", script, file_path], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(size_mb: int = SIZE_MB) -> tuple[list[Result], dict]:
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
            raw = measure(RAW_BOTO3, file_path, env)
            ours = measure(OUR_PATH, file_path, env)
        expected = size_mb * 2**20
        if ours["bytes"] != expected or raw["bytes"] != expected:
            raise RuntimeError(f"uploaded sizes differ from {expected}: ours {ours['bytes']}, raw {raw['bytes']}")
        results = [
            Result(
                f"upload {size_mb} MB to S3 (throughput)",
                size_mb / ours["seconds"],
                size_mb / raw["seconds"],
                "MB/s",
                ">= 0.6",
                "default_storage.save vs boto3 upload_fileobj",
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
