"""Stored documents: the one way to accept, replace and serve an uploaded file.

API (program-agnostic; any app may call it)::

    from workflows.documents.services import (
        DocumentRejected, store_document, replace_document, document_download_response,
    )
    from workflows.documents.models import Document

    doc = store_document(owner=obj, slot="recommendation_letter", uploaded_file=request.FILES["file"],
                         uploaded_by=request.user)                 # -> Document
    new = replace_document(doc, uploaded_file=f, uploaded_by=user)  # old row keeps history
    Document.objects.owned_by(obj).current()                 # the live versions
    return document_download_response(doc, allowed=can_see(user, obj))  # 404 unless allowed

- `owner` is any saved model instance (GenericForeignKey); `slot` is a short code you choose.
- The type is detected from the content (magic bytes, `filetype`), never the extension; the
  file must end the way that type ends, with nothing appended and no markup where browsers sniff
  (polyglot.py); the type must be in `allowed_types` (default settings.DOCUMENT_ALLOWED_TYPES); size must be
  ≤ `max_bytes` (default settings.DOCUMENT_MAX_BYTES). Otherwise DocumentRejected (a
  WorkflowError with a bilingual `.message`) is raised and nothing is stored.
- Objects go to the default storage (S3 in production and tests) under a uuid4 key. If
  writing the row fails, the stored object is deleted again: no orphans. Call it outside
  your own wider transaction (or delete `doc.storage_key` yourself if yours rolls back).
- Downloads: the caller decides permission and passes it as `allowed`; the helper answers
  404 when not allowed, else redirects to a short-lived presigned URL (S3) or streams the
  file (local storage).
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from workflows.exceptions import WorkflowError

from .models import Document
from .polyglot import structural_problem

logger = logging.getLogger(__name__)

DEFAULT_ALLOWED_TYPES = (
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
_HEADER_BYTES = 8192


class DocumentRejected(WorkflowError):
    default_message = gettext_lazy("文件未被接受。")


class StorageUnavailable(DocumentRejected):
    """The document store did not answer in time or refused the request (docs/uploads.md)."""

    default_message = gettext_lazy("文件存储服务暂时无法访问，文件未保存，请稍后重试；已填写的其他内容不受影响。")


def _storage_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError]
    try:
        from botocore.exceptions import BotoCoreError, ClientError

        errors += [BotoCoreError, ClientError]
    except ImportError:  # local file storage only
        pass
    return tuple(errors)


def _save_to_storage(key: str, uploaded_file) -> str:
    try:
        return default_storage.save(key, uploaded_file)
    except _storage_errors() as error:
        logger.error("document store write failed for %s: %r", key, error)
        raise StorageUnavailable() from error


def _delete_from_storage(key: str) -> None:
    try:
        default_storage.delete(key)
    except _storage_errors() as error:
        # The row was never written; the object (if it exists) is an orphan to be swept, logged here.
        logger.error("document store delete failed for %s: %r", key, error)


def allowed_document_types() -> tuple[str, ...]:
    return tuple(getattr(settings, "DOCUMENT_ALLOWED_TYPES", DEFAULT_ALLOWED_TYPES))


def detect_mime_type(uploaded_file) -> str | None:
    """The type the bytes say the file is (magic numbers), or None when unknown."""
    import filetype

    uploaded_file.seek(0)
    header = uploaded_file.read(_HEADER_BYTES)
    uploaded_file.seek(0)
    kind = filetype.guess(header)
    return kind.mime if kind else None


def _validate(uploaded_file, allowed_types: Iterable[str], max_bytes: int) -> str:
    size = uploaded_file.size
    if size is None or size <= 0:
        raise DocumentRejected(
            gettext("文件“%(name)s”是空文件（0 字节），请检查后选择有内容的文件。") % {"name": uploaded_file.name}
        )
    if size > max_bytes:
        limit_mb = max_bytes / (1024 * 1024)
        raise DocumentRejected(gettext("文件超过大小上限（%(limit_mb)s MB）。") % {"limit_mb": format(limit_mb, "g")})
    mime = detect_mime_type(uploaded_file)
    if mime not in set(allowed_types):
        readable = "、".join(sorted({mimetypes.guess_extension(t) or t for t in allowed_types}))
        raise DocumentRejected(
            gettext("文件类型不允许（按文件内容识别，允许：%(readable)s）。") % {"readable": readable}
        )
    problem = structural_problem(uploaded_file, mime)
    if problem:
        raise DocumentRejected(problem)
    return mime


def _sha256(uploaded_file) -> str:
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()


def _new_storage_key(slot: str) -> str:
    # Non-guessable, and independent of the user's file name.
    return f"documents/{slot}/{uuid.uuid4().hex}"


def store_document(
    *,
    owner: models.Model,
    slot: str,
    uploaded_file,
    uploaded_by=None,
    allowed_types: Iterable[str] | None = None,
    max_bytes: int | None = None,
    replaces: Document | None = None,
) -> Document:
    """Validate, write the object and create its row; nothing is left behind on failure.

    Raises DocumentRejected (empty, too large, type not allowed) and StorageUnavailable (the
    store is down or too slow: connect/read timeouts and retries from settings). Any error while
    writing the row deletes the object that was just stored.
    """
    types = tuple(allowed_types) if allowed_types is not None else allowed_document_types()
    limit = max_bytes if max_bytes is not None else settings.DOCUMENT_MAX_BYTES
    mime = _validate(uploaded_file, types, limit)
    checksum = _sha256(uploaded_file)
    original_name = (getattr(uploaded_file, "name", "") or "document").rsplit("/", 1)[-1][:255]

    key = _save_to_storage(_new_storage_key(slot), uploaded_file)
    try:
        with transaction.atomic():
            document = Document(
                owner=owner,
                slot=slot,
                original_name=original_name,
                mime_type=mime,
                size=uploaded_file.size,
                sha256=checksum,
                storage_key=key,
                uploaded_by=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None,
            )
            document.save()
            if replaces is not None:
                previous = Document.objects.select_for_update().get(pk=replaces.pk)
                if previous.superseded_by_id is not None:
                    raise DocumentRejected(gettext("该文件已被替换，请刷新页面。"))
                previous.superseded_by = document
                previous.superseded_at = timezone.now()
                previous.save(update_fields=["superseded_by", "superseded_at"])
    except BaseException:
        _delete_from_storage(key)
        raise
    return document


def store_generated_document(*, owner: models.Model, slot: str, file, name: str, mime_type: str) -> Document:
    """Store a file the platform made itself (an export), skipping the upload checks; hash and row as usual.

    `file` is an open binary file; it is read twice (hash, then storage), never held in memory.
    """
    from django.core.files import File

    django_file = File(file, name=name)
    checksum = _sha256(django_file)
    key = _save_to_storage(_new_storage_key(slot), django_file)
    try:
        with transaction.atomic():
            return Document.objects.create(
                owner=owner,
                slot=slot,
                original_name=name[:255],
                mime_type=mime_type,
                size=django_file.size,
                sha256=checksum,
                storage_key=key,
            )
    except BaseException:
        _delete_from_storage(key)
        raise


def replace_document(
    document: Document,
    *,
    uploaded_file,
    uploaded_by=None,
    allowed_types: Iterable[str] | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Store a new version of `document` (same owner and slot); the old version stays as history."""
    return store_document(
        owner=document.owner,
        slot=document.slot,
        uploaded_file=uploaded_file,
        uploaded_by=uploaded_by,
        allowed_types=allowed_types,
        max_bytes=max_bytes,
        replaces=document,
    )


def record_document_access(document: Document, *, user, purpose: str) -> None:
    """Append who opened the document and why (an expert's review, for instance)."""
    from .models import DocumentAccess

    DocumentAccess.objects.create(document=document, user=user, purpose=purpose)


class DocumentRemoved(Exception):
    """The document's stored object was erased at the end of its retention period (docs/retention.md).

    Raised by `document_download_response`; workflows.documents.middleware answers it with a page in
    the page's language (410 Gone) instead of a missing-object error from the store.
    """

    def __init__(self, document: Document):
        super().__init__(f"document {document.pk} removed at {document.removed_at}")
        self.document = document


def document_download_response(document: Document, *, allowed: bool) -> HttpResponse:
    """Serve a document the caller has decided the user may see; 404 otherwise (hides existence).

    Raises DocumentRemoved for a document erased by the retention purge (only once access is allowed,
    so the answer tells nothing to those who may not see it).
    """
    if not allowed:
        raise Http404()
    if document.removed_at is not None:
        raise DocumentRemoved(document)
    storage = default_storage
    if getattr(storage, "querystring_auth", False):
        # S3: a short-lived presigned URL (settings.S3_PRESIGN_SECONDS) with the original name.
        disposition = f"attachment; filename*=UTF-8''{_quote(document.original_name)}"
        url = storage.url(
            document.storage_key,
            parameters={"ResponseContentDisposition": disposition, "ResponseContentType": document.mime_type},
        )
        return HttpResponseRedirect(url)
    return FileResponse(
        storage.open(document.storage_key, "rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.mime_type,
    )


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
