"""A document store that is down or hung ends in a clear message, never a 500 or a blocked worker.

The S3 server is replaced by a closed port (down) or by a socket that accepts and never answers
(hung); the client's connect/read timeouts and retries come from the settings.
"""

import socket
import threading

import pytest
from botocore.config import Config
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.settings import s3_storage_options
from tests.awards.factories import Cast
from tests.conftest import S3_BUCKET, free_port
from workflows.documents.models import Document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FAST_FAILING = Config(
    s3={"addressing_style": "path"},
    signature_version="s3v4",
    connect_timeout=1,
    read_timeout=1,
    retries={"max_attempts": 2, "mode": "standard"},
)


@pytest.fixture
def hung_server():
    """Accepts connections and never answers a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def _point_storage_at(settings, endpoint: str) -> None:
    options = {**s3_storage_options(S3_BUCKET, endpoint), "client_config": FAST_FAILING}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }


def _upload(client) -> list[str]:
    cast = Cast()
    client.force_login(cast.applicant)
    response = client.post(
        reverse("awards:upload", args=[cast.application.pk]),
        {"slot": "business_licence", "file": SimpleUploadedFile("licence.pdf", PDF, "application/pdf")},
        follow=True,
    )
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("store", ["down", "hung"])
def test_an_upload_to_an_unreachable_store_says_so_and_leaves_no_row(client, settings, hung_server, store, caplog):
    endpoint = f"http://127.0.0.1:{free_port()}" if store == "down" else hung_server
    _point_storage_at(settings, endpoint)
    messages = _upload(client)
    assert messages == ["文件存储服务暂时无法访问，文件未保存，请稍后重试；已填写的其他内容不受影响。"]
    assert Document.objects.count() == 0
    assert any("document store write failed" in r.getMessage() for r in caplog.records)
