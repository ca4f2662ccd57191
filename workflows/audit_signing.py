"""The key that anchors the audit chain, kept outside the database (docs/audit-chain.md).

Every transition-log row, the chain head and each published checkpoint carry an HMAC-SHA256
made with this key. Someone who can write the database but does not hold the key can neither
recompute the hashes after rewriting a row nor forge a head or checkpoint after deleting rows.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings


def checkpoint_folder() -> str:
    """Folder of the document store that holds the signed checkpoint documents."""
    return settings.AUDIT_CHECKPOINT_FOLDER


def audit_key() -> bytes:
    """AUDIT_CHAIN_KEY from the environment; without one, a key derived from SECRET_KEY (also not in the DB)."""
    configured = getattr(settings, "AUDIT_CHAIN_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"qap-audit-chain", hashlib.sha256).digest()


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sign(payload: dict[str, Any]) -> str:
    return hmac.new(audit_key(), canonical(payload), hashlib.sha256).hexdigest()


def signature_matches(payload: dict[str, Any], signature: str) -> bool:
    return hmac.compare_digest(sign(payload), signature or "")
