"""Electronic seal (电子印章) on the PDFs the bureau issues: PAdES signatures by pyHanko.

Signing is a separate step applied to PDF bytes already rendered (`seal_pdf`), so whoever
renders (the web process or a batch on the worker) seals the same way. The seal certificate and
key come from configuration (README, ``SEAL_*``); without them documents are issued unsealed and
the verification page says so. What a bureau's own seal certificate, or a GB/T 38540 SM2 seal,
changes is in docs/electronic-seal.md.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

SEAL_FIELD_NAME = "BureauSeal"
STATUS_CACHE_SECONDS = 3600


def _outside_event_loop(function):
    """pyHanko's synchronous calls start their own asyncio loop, which fails in a thread that already
    runs one (an async caller, Playwright's sync API in tests): such callers get a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(function).result()


def seal_configured() -> bool:
    return bool(settings.SEAL_CERTIFICATE_FILE and settings.SEAL_KEY_FILE)


@lru_cache(maxsize=4)
def _signer(cert_file: str, key_file: str, chain_file: str, password: str):
    from pyhanko.sign import signers

    return signers.SimpleSigner.load(
        key_file,
        cert_file,
        ca_chain_files=(chain_file,) if chain_file else None,
        key_passphrase=password.encode() if password else None,
    )


def seal_pdf(pdf: bytes, *, reason: str, location: str = "") -> bytes:
    """The PDF with the configured seal as a PAdES baseline signature (unchanged when no seal is set)."""
    if not seal_configured():
        return pdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(
        str(settings.SEAL_CERTIFICATE_FILE),
        str(settings.SEAL_KEY_FILE),
        str(settings.SEAL_CHAIN_FILE or ""),
        settings.SEAL_KEY_PASSWORD,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location or settings.SEAL_LOCATION,
        name=settings.SEAL_SIGNER_NAME or None,
    )
    out = io.BytesIO()
    _outside_event_loop(lambda: signers.sign_pdf(writer, metadata, signer=signer, output=out))
    return out.getvalue()


@dataclass(frozen=True)
class SealStatus:
    """What a reader of the document may know about its seal."""

    status: str  # valid | untrusted | broken | unsigned
    signer: str = ""
    signed_at: dt.datetime | None = None

    LABELS = {
        "valid": _("电子印章有效，文件未被改动"),
        "untrusted": _("电子印章的证书不受信任"),
        "broken": _("电子印章无效：文件在盖章后被改动或签名损坏"),
        "unsigned": _("该文件未加盖电子印章"),
    }

    @property
    def label(self) -> str:
        return str(self.LABELS[self.status])


def _trust_roots() -> list:
    from pyhanko.keys import load_certs_from_pemder

    # The bureau's CA (or the seal's own chain when no separate trust list is configured).
    source = settings.SEAL_TRUST_ROOTS_FILE or settings.SEAL_CHAIN_FILE or settings.SEAL_CERTIFICATE_FILE
    return list(load_certs_from_pemder([str(source)])) if source else []


def validate_seal(pdf: bytes) -> SealStatus:
    """Check the document's seal: integrity, and the signer's chain up to the configured trust roots."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        embedded = reader.embedded_signatures
    except Exception:  # noqa: BLE001 (any unreadable PDF is an unsealed one to a reader)
        return SealStatus("unsigned")
    if not embedded:
        return SealStatus("unsigned")
    signature = embedded[-1]
    context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=False)
    try:
        result = _outside_event_loop(lambda: validate_pdf_signature(signature, context))
    except Exception:  # noqa: BLE001 (a malformed signature is a broken seal)
        return SealStatus("broken")
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    signer = result.signing_cert.subject.native.get("common_name", "") if result.signing_cert else ""
    signed_at = result.signer_reported_dt
    if not (result.intact and result.valid) or result.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return SealStatus("broken", signer, signed_at)
    if not result.trusted:
        return SealStatus("untrusted", signer, signed_at)
    return SealStatus("valid", signer, signed_at)


def stored_document_seal(document) -> SealStatus:
    """The seal status of a stored document, cached by its content hash."""
    key = f"seal-status:{document.sha256}"
    status = cache.get(key)
    if status is None:
        from django.core.files.storage import default_storage

        with default_storage.open(document.storage_key, "rb") as handle:
            status = validate_seal(handle.read())
        cache.set(key, status, STATUS_CACHE_SECONDS)
    return status
