"""The search engine the tests run against, started once per session.

A real OpenSearch 2.19 node (`scripts/opensearch-node`) when Java and Maven are present, as in CI;
osmem-server (an in-memory OpenSearch emulator) otherwise, so `make test` works on a machine with
only Python. QAP_TEST_SEARCH=opensearch or =osmem forces one; forcing OpenSearch where it cannot start
is an error, never a silent fallback.

Tests are isolated per test: on osmem by a copy-on-write clone of the server, on OpenSearch by an
index prefix of their own whose indexes are deleted afterwards.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from dataclasses import dataclass
from pathlib import Path


def engine_kind() -> str:
    """'opensearch' or 'osmem', decided before any fixture runs (collection needs it too)."""
    forced = os.environ.get("QAP_TEST_SEARCH", "").strip().lower()
    if forced in ("opensearch", "osmem"):
        return forced
    if forced:
        raise RuntimeError(f"QAP_TEST_SEARCH must be 'opensearch' or 'osmem', not {forced!r}")
    from search.local_node import can_run_locally

    return "opensearch" if can_run_locally() else "osmem"


@dataclass
class IsolatedSearch:
    """What one test searches: a server URL and the index prefix that is the test's own."""

    url: str
    prefix: str


class OpenSearchNode:
    kind = "opensearch"

    def __init__(self, data_dir: Path):
        from search.local_node import LocalOpenSearchNode

        self.node = LocalOpenSearchNode(data_dir)
        self.url, self.version = self.node.url, self.node.version
        self._numbers = itertools.count(1)

    @contextlib.contextmanager
    def isolated(self, settings):
        prefix = f"t{next(self._numbers)}"
        settings.SEARCH_URL = self.url
        settings.SEARCH_INDEX_PREFIX = prefix
        try:
            yield IsolatedSearch(url=self.url, prefix=prefix)
        finally:
            self.delete_indexes(prefix)

    def delete_indexes(self, prefix: str) -> None:
        from search.client import get_client

        get_client(self.url).indices.delete(index=f"{prefix}-*", allow_no_indices=True, expand_wildcards="all")

    def close(self) -> None:
        self.node.close()


class OsmemEngine:
    kind = "osmem"

    def __init__(self, server):
        self.server = server
        self.url = server.url
        self.version = getattr(server, "version", "osmem")

    @contextlib.contextmanager
    def isolated(self, settings):
        clone = self.server.clone()
        settings.SEARCH_URL = clone.url
        try:
            yield IsolatedSearch(url=clone.url, prefix=settings.SEARCH_INDEX_PREFIX)
        finally:
            clone.close()

    def close(self) -> None:  # the osmem plugin's fixture owns the server
        pass
