"""Who needs a second factor, and the TOTP device they use (django-otp)."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import Role

DEVICE_NAME = "authenticator"


def requires_two_factor(user) -> bool:
    """Staff (secretariat, site admins) and experts must log in with a one-time code."""
    if not (user and user.is_authenticated):
        return False
    return user.is_secretariat or user.has_role(Role.EXPERT)


def two_factor_enforced(user) -> bool:
    return settings.OTP_REQUIRED_FOR_STAFF and requires_two_factor(user)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled; one per user, reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no external image service, CSP-safe)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # drop the XML declaration for inline HTML


def secret_base32(device: TOTPDevice) -> str:
    """The shared secret for typing into an authenticator app by hand."""
    from base64 import b32encode

    return b32encode(device.bin_key).decode().rstrip("=")
