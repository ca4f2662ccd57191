"""Sending a text message (短信), for any program (the cities' survey codes first). The smallest abstraction:

`settings.SMS_BACKEND` names a class with `send(phone, text)`; the default writes the message to
the log (development, demo). A production deployment sets it to a class that calls its SMS
gateway. Tests use `LocmemBackend`, which keeps messages in `outbox` instead of sending them.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("qap.sms")

outbox: list[tuple[str, str]] = []


class ConsoleBackend:
    def send(self, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", phone, text)


class LocmemBackend:
    """Keeps (phone, text) in `workflows.notifications.sms.outbox`: nothing leaves the process."""

    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))


def send_sms(phone: str, text: str) -> None:
    backend = import_string(getattr(settings, "SMS_BACKEND", "workflows.notifications.sms.ConsoleBackend"))
    backend().send(phone, text)
