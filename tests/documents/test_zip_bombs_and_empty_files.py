"""Office uploads that inflate far beyond a document are refused; an empty file is named as such."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.awards.factories import Cast
from tests.factories import OrganizationFactory
from workflows.documents.models import Document
from workflows.documents.services import DocumentRejected, store_document

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def docx_with_payload(megabytes: int, *, member: str = "word/media/image1.bin") -> bytes:
    """A well-formed .docx with `megabytes` of zeros inside (deflate packs them ~1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", b"<Relationships/>")
        archive.writestr("word/document.xml", b"<w:document><w:body/></w:document>")
        with archive.open(member, "w") as stream:
            for _ in range(megabytes):
                stream.write(bytes(MB))
    return out.getvalue()


def store(data: bytes, name: str = "report.docx"):
    return store_document(owner=OrganizationFactory(), slot="evidence", uploaded_file=ContentFile(data, name=name))


def test_a_docx_that_inflates_past_the_size_limit_is_refused(settings):
    settings.DOCUMENT_OOXML_MAX_UNCOMPRESSED_BYTES = 8 * MB
    settings.DOCUMENT_OOXML_MAX_RATIO = 10_000
    bomb = docx_with_payload(12)
    assert len(bomb) < 100_000
    with pytest.raises(DocumentRejected) as exc:
        store(bomb)
    assert "疑似压缩炸弹" in exc.value.message
    assert Document.objects.count() == 0


def test_a_docx_with_an_absurd_compression_ratio_is_refused_below_the_size_limit(settings):
    settings.DOCUMENT_OOXML_MAX_UNCOMPRESSED_BYTES = 200 * MB
    with pytest.raises(DocumentRejected) as exc:
        store(docx_with_payload(20))
    assert "疑似压缩炸弹" in exc.value.message


def test_an_ordinary_docx_is_accepted(settings):
    text = ("质量管理体系运行情况良好。" * 2000).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", b"<Relationships/>")
        archive.writestr("word/document.xml", b"<w:document><w:body>" + text + b"</w:body></w:document>")
    assert store(out.getvalue()).original_name == "report.docx"


def test_an_empty_file_through_the_portal_is_named_as_empty_not_missing(client):
    cast = Cast()
    client.force_login(cast.applicant)
    response = client.post(
        reverse("awards:upload", args=[cast.application.pk]),
        {"slot": "business_licence", "file": SimpleUploadedFile("营业执照.pdf", b"", "application/pdf")},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["所选文件“营业执照.pdf”是空文件（0 字节），请检查后选择有内容的文件。"]


def test_no_file_at_all_still_asks_to_choose_one(client):
    cast = Cast()
    client.force_login(cast.applicant)
    response = client.post(reverse("awards:upload", args=[cast.application.pk]), {"slot": "x"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["请选择要上传的文件。"]


def test_the_storage_service_names_an_empty_file_too():
    with pytest.raises(DocumentRejected) as exc:
        store(b"", "空白.pdf")
    assert exc.value.message.startswith("文件“空白.pdf”是空文件（0 字节）")
