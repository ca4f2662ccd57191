"""A test certificate authority and a seal certificate it issued, written as PEM files.

Stands in for the bureau's seal certificate (docs/electronic-seal.md); made with `cryptography`
for each test that needs one, never committed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOT_BEFORE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)  # tests travel back to 2025
NOT_AFTER = dt.datetime(2045, 1, 1, tzinfo=dt.UTC)


@dataclass
class SealFiles:
    root: Path
    certificate: Path
    key: Path
    common_name: str


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "测试市场监督管理局"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_seal(
    folder: Path, *, common_name: str = "测试市场监督管理局电子印章", ca_name: str = "测试根证书"
) -> SealFiles:
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = (
        x509.CertificateBuilder()
        .subject_name(_name(ca_name))
        .issuer_name(_name(ca_name))
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    seal_key = ec.generate_private_key(ec.SECP256R1())
    seal = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(root.subject)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    files = SealFiles(folder / "root.pem", folder / "seal.pem", folder / "seal-key.pem", common_name)
    files.root.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    files.certificate.write_bytes(seal.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(
        seal_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return files


def configure_seal(settings, files: SealFiles, *, trust_roots: Path | None = None) -> None:
    settings.SEAL_CERTIFICATE_FILE = str(files.certificate)
    settings.SEAL_KEY_FILE = str(files.key)
    settings.SEAL_CHAIN_FILE = str(files.root)
    settings.SEAL_TRUST_ROOTS_FILE = str(trust_roots or files.root)
    settings.SEAL_SIGNER_NAME = files.common_name
