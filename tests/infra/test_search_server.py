"""elasticsearch.dsl talks to an OpenSearch-compatible server through the plain-JSON node."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.dsl import Document, Keyword, Search, Text

from search.client import PlainJsonNode, get_client


class Notice(Document):
    title = Text(analyzer="cjk", fields={"raw": Keyword()})

    class Index:
        name = "infra-notices"


def test_chinese_query_finds_document_with_highlight(settings):
    client = get_client(settings.SEARCH_URL)
    Notice.init(using=client)
    Notice(meta={"id": 1}, title="青岛市市长质量奖拟授奖名单公示").save(using=client, refresh=True)
    Notice(meta={"id": 2}, title="全国质量品牌提升示范区命名公告").save(using=client, refresh=True)

    response = Search(using=client, index="infra-notices").query("match", title="质量奖").highlight("title").execute()

    assert response.hits[0].meta.id == "1"
    assert "<em>质量奖</em>" in response.hits[0].meta.highlight.title[0]


class _StrictServer(BaseHTTPRequestHandler):
    """Answers like OpenSearch: 406 for Elasticsearch's vendor mimetypes."""

    def do_GET(self):
        accept = self.headers.get("Accept", "")
        status, body = (406, {"error": "not acceptable"}) if "vnd.elasticsearch" in accept else (200, {"ok": True})
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def strict_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StrictServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_plain_json_node_passes_where_vendor_mimetype_is_refused(strict_server):
    default_client = Elasticsearch(strict_server, max_retries=0)
    ours = Elasticsearch(strict_server, node_class=PlainJsonNode, max_retries=0)

    with pytest.raises(ApiError) as exc:
        default_client.info()
    assert exc.value.meta.status == 406
    assert ours.info().body == {"ok": True}
