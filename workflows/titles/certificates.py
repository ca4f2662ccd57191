"""The certificate PDF: WeasyPrint with the Noto CJK font, a serial number and a QR code."""

from __future__ import annotations

import base64
import io

import qrcode
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from workflows.documents.seal import seal_pdf
from workflows.documents.services import store_document

from .models import Certificate


def verification_url(serial_no: str) -> str:
    return settings.SITE_URL + reverse("titles:verify_certificate", args=[serial_no])


def qr_data_uri(text: str) -> str:
    image = qrcode.make(text, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def render_certificate_pdf(certificate: Certificate) -> bytes:
    from workflows.documents.pdf import html_to_pdf

    return html_to_pdf(certificate_html(certificate))


def certificate_html(certificate: Certificate) -> str:
    """The certificate's page as HTML (serial, holder, validity, verification QR code)."""
    title = certificate.title
    url = verification_url(certificate.serial_no)
    return render_to_string(
        "titles/certificate.html",
        {
            "certificate": certificate,
            "title": title,
            "edition": title.edition,
            "program": title.edition.program,
            "verification_url": url,
            "qr_code": qr_data_uri(url),
        },
    )


def issue_certificate_batch(certificate_ids: list[int]) -> int:
    """Render and store each certificate still without its PDF; returns how many were rendered now.

    Memory stays flat across the batch: the renderer reuses one font configuration per thread
    (workflows/documents/pdf.py) and each PDF is stored before the next is made. A worker child is
    recycled by CELERY_WORKER_MAX_TASKS_PER_CHILD / _MAX_MEMORY_PER_CHILD between batches.
    """
    todo = list(
        Certificate.objects.filter(pk__in=certificate_ids, pdf__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    for certificate_id in todo:
        issue_certificate_pdf(certificate_id)
    return len(todo)


def issue_certificate_pdf(certificate_id: int) -> int:
    """Render and store the PDF once (idempotent); returns the document id."""
    certificate = Certificate.objects.select_related("title__edition__program", "pdf").get(pk=certificate_id)
    if certificate.pdf_id:
        return certificate.pdf_id
    # Sealing is its own step on the rendered bytes (docs/electronic-seal.md).
    pdf = seal_pdf(render_certificate_pdf(certificate), reason=f"证书 {certificate.serial_no}")
    document = store_document(
        owner=certificate,
        slot="certificate",
        uploaded_file=ContentFile(pdf, name=f"{certificate.serial_no}.pdf"),
        allowed_types=("application/pdf",),
    )
    with transaction.atomic():
        updated = Certificate.objects.filter(pk=certificate.pk, pdf__isnull=True).update(pdf=document)
    if not updated:  # a concurrent run won; do not keep a second copy
        from django.core.files.storage import default_storage

        from workflows.documents.models import Document

        default_storage.delete(document.storage_key)
        Document.objects.filter(pk=document.pk).delete()
        certificate.refresh_from_db()
        return certificate.pdf_id
    return document.pk
