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
    from weasyprint import HTML

    title = certificate.title
    url = verification_url(certificate.serial_no)
    html = render_to_string(
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
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


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
