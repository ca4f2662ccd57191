"""Polyglot uploads: a file that passes as an allowed type by its first bytes but is also something else.

Each case plants a second format (an archive, a script, a web page) in an otherwise valid file and
proves it is refused with a bilingual message and leaves nothing in storage; the clean original of
each type is accepted, so the checks do not simply refuse everything.
"""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.awards.factories import Cast
from tests.factories import OrganizationFactory
from workflows.documents.models import Document
from workflows.documents.services import DocumentRejected, store_document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# An incrementally updated PDF ends with a second %%EOF; that is normal and must pass.
PDF_INCREMENTAL = PDF + b"2 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\r\n"


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes], comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.comment = comment
    return out.getvalue()


def docx_bytes(comment: bytes = b"") -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document><w:body/></w:document>",
        },
        comment,
    )


def stored_keys() -> set[str]:
    return {obj.key for obj in default_storage.bucket.objects.filter(Prefix="documents/")}


def store(data: bytes, name: str):
    return store_document(owner=OrganizationFactory(), slot="evidence", uploaded_file=ContentFile(data, name=name))


@pytest.mark.parametrize(
    "data,name",
    [
        (PDF, "clean.pdf"),
        (PDF_INCREMENTAL, "incremental.pdf"),
        (image_bytes("JPEG"), "photo.jpg"),
        (image_bytes("PNG"), "chart.png"),
        (docx_bytes(), "report.docx"),
    ],
)
def test_clean_files_of_every_allowed_type_are_accepted(data, name):
    document = store(data, name)

    with default_storage.open(document.storage_key, "rb") as fh:
        assert fh.read() == data


POLYGLOTS = {
    "pdf+zip (archive after %%EOF)": (PDF + zip_bytes({"payload.exe": b"MZ" + b"\x00" * 64}), "结构异常"),
    "pdf+html (page in the sniffed head)": (
        b"%PDF-1.4\n%<html><script>alert(document.cookie)</script>\n" + PDF[9:],
        "网页或脚本",
    ),
    "pdf without an end marker": (b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"x" * 2000, "结束标记"),
    "jpeg+php (code after the image)": (image_bytes("JPEG") + b"<?php system($_GET['c']); ?>", "网页或脚本"),
    "jpeg+zip (GIFAR-style archive appended)": (image_bytes("JPEG") + zip_bytes({"a.class": b"\xca\xfe"}), "JPEG"),
    "png+zip (archive after IEND)": (image_bytes("PNG") + zip_bytes({"x.txt": b"hidden"}), "PNG"),
    "docx with a script in the zip comment": (docx_bytes(comment=b"<script>alert(1)</script>"), "网页或脚本"),
    "docx with data appended after the archive": (docx_bytes() + b"trailing payload", "压缩"),
    "docx-looking zip without the Office parts": (
        zip_bytes({"[Content_Types].xml": b"<Types/>", "word/evil.js": b"x"}),
        "Office",
    ),
}


@pytest.mark.parametrize("case", POLYGLOTS)
def test_polyglot_is_refused_with_the_reason_and_nothing_is_stored(case):
    data, reason = POLYGLOTS[case]
    before = stored_keys()

    with pytest.raises(DocumentRejected) as exc:
        store(data, "upload.pdf")

    assert reason in exc.value.message
    assert "请上传由办公软件直接导出的文件" in exc.value.message
    assert Document.objects.count() == 0
    assert stored_keys() == before


def test_polyglot_upload_through_the_portal_gives_the_message_and_leaves_nothing(client):
    cast = Cast()
    client.force_login(cast.applicant)
    before = stored_keys()
    polyglot = SimpleUploadedFile("licence.pdf", POLYGLOTS["pdf+zip (archive after %%EOF)"][0], "application/pdf")

    response = client.post(
        reverse("awards:upload", args=[cast.application.pk]),
        {"slot": "business_licence", "file": polyglot},
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    assert response.status_code == 200
    assert any("PDF 结束标记之后附加了其他数据" in m for m in messages), messages
    assert Document.objects.count() == 0
    assert stored_keys() == before
