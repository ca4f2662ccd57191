"""Stored documents against the moto S3 server from conftest (the real storage path)."""

import hashlib
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

from accounts.models import User
from tests.factories import OrganizationFactory, UserFactory
from workflows.documents.models import Document
from workflows.documents.services import (
    DocumentRejected,
    document_download_response,
    replace_document,
    store_document,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF_BYTES = b"\x7fELF\x02\x01\x01" + b"\x00" * 200

pytestmark = pytest.mark.django_db


def stored_keys() -> set[str]:
    return {obj.key for obj in default_storage.bucket.objects.filter(Prefix="documents/")}


def test_store_document_writes_object_and_row_with_checksum():
    owner = OrganizationFactory()
    user = UserFactory()

    doc = store_document(
        owner=owner, slot="licence", uploaded_file=ContentFile(PDF_BYTES, name="营业执照.pdf"), uploaded_by=user
    )

    assert (doc.mime_type, doc.size, doc.sha256, doc.original_name) == (
        "application/pdf",
        len(PDF_BYTES),
        hashlib.sha256(PDF_BYTES).hexdigest(),
        "营业执照.pdf",
    )
    with default_storage.open(doc.storage_key, "rb") as fh:
        assert fh.read() == PDF_BYTES
    assert Document.objects.owned_by(owner).current().get() == doc


def test_storage_key_does_not_contain_the_file_name():
    doc = store_document(
        owner=OrganizationFactory(), slot="licence", uploaded_file=ContentFile(PDF_BYTES, name="secret-plan.pdf")
    )

    assert "secret-plan" not in doc.storage_key


def test_renamed_executable_is_refused_and_nothing_is_stored():
    before = stored_keys()

    with pytest.raises(DocumentRejected) as exc:
        store_document(owner=OrganizationFactory(), slot="licence", uploaded_file=ContentFile(ELF_BYTES, name="a.pdf"))

    assert "文件类型不允许" in exc.value.message
    assert Document.objects.count() == 0
    assert stored_keys() == before


def test_oversize_file_is_refused_and_nothing_is_stored(settings):
    settings.DOCUMENT_MAX_BYTES = 20
    before = stored_keys()

    with pytest.raises(DocumentRejected) as exc:
        store_document(owner=OrganizationFactory(), slot="licence", uploaded_file=ContentFile(PDF_BYTES, name="a.pdf"))

    assert "超过大小上限" in exc.value.message
    assert Document.objects.count() == 0
    assert stored_keys() == before


def test_failed_row_write_deletes_the_stored_object():
    before = stored_keys()
    unsaved_user = User(username="ghost")  # the row cannot reference a user not in the database

    with pytest.raises(ValueError):
        store_document(
            owner=OrganizationFactory(),
            slot="licence",
            uploaded_file=ContentFile(PDF_BYTES, name="a.pdf"),
            uploaded_by=unsaved_user,
        )

    assert stored_keys() == before
    assert Document.objects.count() == 0


def test_replacement_keeps_history():
    owner = OrganizationFactory()
    first = store_document(owner=owner, slot="report", uploaded_file=ContentFile(PDF_BYTES, name="v1.pdf"))

    second = replace_document(
        first, uploaded_file=ContentFile(PDF_BYTES.replace(b"%PDF-1.4", b"%PDF-1.7"), name="v2.pdf")
    )

    first.refresh_from_db()
    assert first.superseded_by_id == second.pk
    assert list(Document.objects.owned_by(owner).current()) == [second]
    assert Document.objects.owned_by(owner).count() == 2
    assert default_storage.exists(first.storage_key)


def test_replacing_an_already_replaced_version_is_refused_without_orphans():
    owner = OrganizationFactory()
    first = store_document(owner=owner, slot="report", uploaded_file=ContentFile(PDF_BYTES, name="v1.pdf"))
    replace_document(first, uploaded_file=ContentFile(PDF_BYTES, name="v2.pdf"))
    before = stored_keys()

    with pytest.raises(DocumentRejected):
        replace_document(first, uploaded_file=ContentFile(PDF_BYTES, name="v3.pdf"))

    assert stored_keys() == before
    assert Document.objects.owned_by(owner).count() == 2


def test_download_redirects_to_a_working_presigned_url():
    doc = store_document(
        owner=OrganizationFactory(), slot="licence", uploaded_file=ContentFile(PDF_BYTES, name="a.pdf")
    )

    response = document_download_response(doc, allowed=True)

    assert response.status_code == 302
    assert "X-Amz-Signature=" in response["Location"]
    with urllib.request.urlopen(response["Location"]) as fetched:
        assert fetched.read() == PDF_BYTES


def test_download_not_allowed_is_404():
    doc = store_document(
        owner=OrganizationFactory(), slot="licence", uploaded_file=ContentFile(PDF_BYTES, name="a.pdf")
    )

    with pytest.raises(Http404):
        document_download_response(doc, allowed=False)


def test_download_streams_from_local_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    doc = store_document(
        owner=OrganizationFactory(), slot="licence", uploaded_file=ContentFile(PDF_BYTES, name="a.pdf")
    )

    response = document_download_response(doc, allowed=True)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert 'filename="a.pdf"' in response["Content-Disposition"]
