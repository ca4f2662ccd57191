"""Credit registries behind one small interface (docs/credit-screening.md).

The platform asks a registry — 信用中国 (creditchina.gov.cn) or the 国家企业信用信息公示系统
(gsxt.gov.cn) — about an organisation by its 统一社会信用代码. Neither has a public API this
platform can call: access goes through a data-sharing agreement with the 全国信用信息共享平台 or a
provincial credit gateway, and neither can be reached from this development environment. So the
client is chosen by the setting CREDIT_REGISTRY_CLIENT (a dotted path); the default is
`RecordedResponses`, which answers from recorded responses (a JSON file) for tests and the demo. A
bureau writes a client for its gateway with the same `lookup` method and points the setting at it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

# Kinds of record a registry returns; serious dishonesty (严重失信主体名单) bars an applicant.
SERIOUS_DISHONESTY = "serious_dishonesty"
ABNORMAL_OPERATION = "abnormal_operation"
ADMINISTRATIVE_PENALTY = "administrative_penalty"


class CreditRegistryUnavailable(Exception):
    """The registry could not answer (unreachable, timed out, refused): staff must decide by hand."""


@dataclass
class CreditReport:
    registry: str
    credit_code: str
    name: str
    queried_at: dt.datetime
    records: list[dict] = field(default_factory=list)
    raw: dict = field(default_factory=dict)


class CreditRegistryClient(Protocol):
    registry_name: str

    def lookup(self, credit_code: str, name: str) -> CreditReport:
        """Ask the registry about one organisation. Raises CreditRegistryUnavailable."""


class RecordedResponses:
    """Answers from recorded responses, never from the network (the real registries are not reachable here).

    The file maps a credit code to the response the registry gave: {"records": [...]}; an entry
    {"unavailable": "..."} makes the lookup fail with that message, to try the manual decision.
    A code not in the file gets an empty answer (no records), as a registry answers for most firms.
    """

    registry_name = "信用中国（录制的响应）"

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or settings.CREDIT_REGISTRY_RECORDINGS)

    def _recordings(self) -> dict:
        with self.path.open(encoding="utf-8") as handle:
            return json.load(handle)

    def lookup(self, credit_code: str, name: str) -> CreditReport:
        recorded = self._recordings().get(credit_code, {"records": []})
        if "unavailable" in recorded:
            raise CreditRegistryUnavailable(recorded["unavailable"])
        return CreditReport(
            registry=self.registry_name,
            credit_code=credit_code,
            name=name,
            queried_at=timezone.now(),
            records=list(recorded.get("records", [])),
            raw=recorded,
        )


def credit_registry() -> CreditRegistryClient:
    """The client named by CREDIT_REGISTRY_CLIENT."""
    return import_string(settings.CREDIT_REGISTRY_CLIENT)()
