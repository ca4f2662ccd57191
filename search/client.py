"""The Elasticsearch/OpenSearch client used by elasticsearch.dsl.

The 8.x/9.x Python client sends `application/vnd.elasticsearch+json; compatible-with=8`,
which OpenSearch and OpenSearch-compatible servers reject with 406. PlainJsonNode sends
plain `application/json` (and `application/x-ndjson` for bulk), which Elasticsearch 8/9,
OpenSearch 2/3 and osmem-server all accept.

The client also refuses every successful response that lacks `X-Elastic-Product: Elasticsearch`
(UnsupportedProductError). Elasticsearch sends it; OpenSearch does not (osmem-server does, which
hid this until the tests met a real OpenSearch node). The node marks OpenSearch's responses so the
client's product check passes; error responses are left as they are.
"""

from __future__ import annotations

import re
import threading

from django.conf import settings
from elastic_transport import Urllib3HttpNode
from elasticsearch import Elasticsearch

_VENDOR_MIMETYPE = re.compile(r"application/vnd\.elasticsearch\+([\w-]+)(;\s*compatible-with=\d+)?")


class PlainJsonNode(Urllib3HttpNode):
    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                if name in headers:
                    headers[name] = _VENDOR_MIMETYPE.sub(r"application/\1", headers[name])
        response = super().perform_request(method, target, body=body, headers=headers, **kwargs)
        if "x-elastic-product" not in response.meta.headers:
            response.meta.headers["x-elastic-product"] = "Elasticsearch"
        return response


_clients: dict[str, Elasticsearch] = {}
_lock = threading.Lock()


def get_client(url: str | None = None) -> Elasticsearch:
    """One client (connection pool) per URL; the URL defaults to settings.SEARCH_URL."""
    url = url or settings.SEARCH_URL
    if not url:
        raise RuntimeError("SEARCH_URL is not set: the database search backend is in use.")
    with _lock:
        client = _clients.get(url)
        if client is None:
            client = Elasticsearch(
                url,
                node_class=PlainJsonNode,
                request_timeout=settings.SEARCH_TIMEOUT_SECONDS,
                max_retries=2,
                retry_on_timeout=True,
            )
            _clients[url] = client
        return client
