"""Search benchmarks: our indexing pipeline and query API against raw requests to a real engine.

    .venv/bin/python -m benchmarks.search_throughput            # 10k, then 100k documents
    .venv/bin/python -m benchmarks.search_throughput --quick    # 10k documents only
    .venv/bin/python -m benchmarks.search_throughput --docs N   # one size

`run(quick)` returns rows for benchmarks/__main__.py's table (benchmarks.common.Result); each size
is measured in a child process of its own with a fresh engine and database.

The engine is a real OpenSearch 2.19 node started by `scripts/opensearch-node` (search.local_node)
when Java and Maven are present; elsewhere osmem-server, an in-memory emulator whose query times
are far from a Lucene engine's (QAP_BENCH_SEARCH=osmem forces it). The engine is named in the output.

1. Indexing: N generated enterprise documents go through the pipeline (outbox rows → push
   task: load rows and objects from the database, build documents, bulk with external
   versions, delete rows) and, in the same run, through one raw `helpers.bulk` call with
   the same documents prebuilt in memory. Prints the throughput ratio (target ≥ 0.8).
   The push sends batch N's bulk request from a worker thread while it reads and builds
   batch N+1 (search.services._Sender), so it can come close to, or on a busy machine
   beat, the single-threaded raw call, which has no database work to overlap.
2. Queries: 200 typical public queries through `search.selectors.search` (request cleaning,
   permission filter, DSL, parsing, highlights, facets) and the very same request bodies
   sent raw with `client.search`. Prints the p95 ratio (target ≤ 1.3).

3. The database backend (the embedded default, no engine): the same documents and the very same
   200 requests through `DatabaseBackend.search`, its p95 printed beside the engine's.

The database is an in-memory SQLite holding only the tables the pipeline touches. Never part of
the tests.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

WORDS = "海岳 朗港 北洋 华信 东方 长城 蓝海 金桥 恒达 瑞丰 鲁信 青啤 港通 润泽 天合 星河 远航 中联 宏图 万通".split()
SUFFIXES = "电子科技 精密机械 软件 食品 生物医药 新材料 港口物流 纺织 家电 汽车零部件".split()
CITIES = [("370200", "青岛"), ("370100", "济南"), ("370600", "烟台"), ("320500", "苏州"), ("440300", "深圳")]
INDUSTRIES = "C38 C39 I65 C13 C27 G59 C17 C36".split()
PHRASES = [
    "荣获市长质量奖",
    "入选全国质量品牌提升示范区",
    "实施卓越绩效管理模式",
    "获得省长质量奖提名奖",
    "参与知名品牌创建示范区建设",
    "建立首席质量官制度",
]
QUERIES = [
    "质量奖",
    "示范区",
    "卓越绩效",
    "首席质量官",
    "青岛",
    "海岳",
    "电子科技",
    "提名奖",
    "知名品牌",
    "港口物流",
    "",
]


def setup_django():
    import django

    django.setup()
    from django.db import connection

    from accounts.models import Organization
    from search.models import IndexOutbox, SearchEntry

    with connection.schema_editor() as editor:
        for model in (Organization, IndexOutbox, SearchEntry):
            editor.create_model(model)


def register_benchmark_type():
    """A public document type over organisations: the same registry path every type uses."""
    from accounts.models import Organization
    from search.indexed_types import plain_text
    from search.regions import industry_label, province_name
    from search.registry import PUBLIC, SearchType, register

    def build(org):
        return {
            "title": org.name,
            "body": plain_text(org.address),
            "keywords": plain_text(org.short_name, org.group_name),
            "year": org.founded_on.year if org.founded_on else None,
            "province": province_name(org.region_code),
            "industry": industry_label(org.industry_code),
            "program": org.group_name,
            "region": org.region_code,
            "date": None,
            "url": f"/orgs/{org.pk}/",
        }

    return register(
        SearchType(
            key="bench",
            label="基准 Benchmark",
            model=Organization,
            queryset=Organization.objects.all,
            build=build,
            visibility=PUBLIC,
        )
    )


def generate_organizations(count: int) -> None:
    import datetime as dt

    from accounts.models import Organization

    rng = random.Random(2026)
    batch = []
    for n in range(count):
        region, city = rng.choice(CITIES)
        short = rng.choice(WORDS) + rng.choice(WORDS)
        batch.append(
            Organization(
                name=f"{city}{short}{rng.choice(SUFFIXES)}有限公司{n}",
                short_name=short,
                credit_code=f"91{n:016d}",
                region_code=region,
                industry_code=rng.choice(INDUSTRIES),
                group_name=rng.choice(["青岛市市长质量奖", "山东省省长质量奖", "全国质量品牌提升示范区", "中国质量奖"]),
                founded_on=dt.date(2000 + n % 25, 1, 1),
                address="；".join(rng.sample(PHRASES, 3)) + f"。地址：{city}市示范路{n}号",
            )
        )
        if len(batch) == 5000:
            Organization.objects.bulk_create(batch)
            batch = []
    if batch:
        Organization.objects.bulk_create(batch)


def bench_indexing(count: int) -> tuple[float, float]:
    from elasticsearch import helpers

    from accounts.models import Organization
    from search.backends import ElasticsearchBackend
    from search.models import IndexOutbox
    from search.registry import build_document, doc_id, get_type
    from search.services import push_outbox

    bench_type = get_type("bench")
    backend = ElasticsearchBackend()
    client = backend.client

    documents = [(doc_id("bench", org.pk), build_document(bench_type, org)) for org in Organization.objects.iterator()]
    raw_index = backend._new_index()
    raw_index.create()
    started = time.perf_counter()
    helpers.bulk(client, ({"_index": raw_index._name, "_id": i, "_source": d} for i, d in documents), chunk_size=500)
    raw_seconds = time.perf_counter() - started
    del documents

    IndexOutbox.objects.bulk_create(
        (IndexOutbox(doc_type="bench", object_id=str(pk)) for pk in Organization.objects.values_list("pk", flat=True)),
        batch_size=5000,
    )
    backend.ensure_index()
    started = time.perf_counter()
    report = push_outbox(force=True)
    pipeline_seconds = time.perf_counter() - started
    backend.refresh()
    indexed = backend.counts_by_type().get("bench", 0)

    ratio = raw_seconds / pipeline_seconds
    print(f"Indexing {count:,} documents")
    print(f"  raw helpers.bulk   {raw_seconds:7.2f} s  {count / raw_seconds:9,.0f} docs/s")
    print(
        f"  pipeline (outbox)  {pipeline_seconds:7.2f} s  {count / pipeline_seconds:9,.0f} docs/s  ({report.pushed:,} rows, {indexed:,} in index)"
    )
    print(f"  throughput ratio pipeline/raw = {ratio:.2f}  (target ≥ 0.8) {'OK' if ratio >= 0.8 else 'BELOW TARGET'}")
    return count / pipeline_seconds, count / raw_seconds


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def query_cases(count: int) -> list[tuple]:
    from search.schema import NEWEST, RELEVANCE

    rng = random.Random(19580)
    cases = []
    for _ in range(count):
        filters = {}
        if rng.random() < 0.4:
            filters["province"] = [rng.choice(["山东省", "江苏省", "广东省"])]
        if rng.random() < 0.3:
            filters["year"] = [str(rng.randint(2000, 2024))]
        cases.append(
            (rng.choice(QUERIES), filters, rng.choice([1, 1, 1, 2, 3]), rng.choice([RELEVANCE, RELEVANCE, NEWEST]))
        )
    return cases


def request_for(query, filters, page, sort):
    from django.contrib.auth.models import AnonymousUser

    from search import selectors
    from search.schema import SearchRequest

    return SearchRequest(
        query=selectors.clean_query(query),
        filters=selectors.clean_filters(filters),
        page=page,
        page_size=selectors.PAGE_SIZE,
        sort=sort,
        visibilities=selectors.visibilities_for(AnonymousUser()),
    )


def bench_queries(cases: list[tuple]) -> tuple[float, float]:
    from django.contrib.auth.models import AnonymousUser

    from search import selectors
    from search.backends import ElasticsearchBackend

    backend = ElasticsearchBackend()
    anonymous = AnonymousUser()
    count = len(cases)
    bodies = [backend.search_body(request_for(*case)) for case in cases]
    for case, body in list(zip(cases, bodies, strict=True))[:20]:  # warm up both paths
        selectors.search(case[0], case[1], case[2], anonymous, sort=case[3])
        backend.client.search(index=backend.alias, body=body)

    api_times, raw_times = [], []
    for (query, filters, page, sort), body in zip(cases, bodies, strict=True):
        started = time.perf_counter()
        selectors.search(query, filters, page, anonymous, sort=sort)
        api_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        backend.client.search(index=backend.alias, body=body)
        raw_times.append(time.perf_counter() - started)

    ratio = p95(api_times) / p95(raw_times)
    print(f"Queries: {count} typical public queries")
    print(
        f"  raw client.search  p50 {statistics.median(raw_times) * 1000:7.1f} ms  p95 {p95(raw_times) * 1000:7.1f} ms"
    )
    print(
        f"  search() API       p50 {statistics.median(api_times) * 1000:7.1f} ms  p95 {p95(api_times) * 1000:7.1f} ms"
    )
    print(f"  p95 ratio API/raw = {ratio:.2f}  (target ≤ 1.3) {'OK' if ratio <= 1.3 else 'ABOVE TARGET'}")
    return p95(api_times) * 1000, p95(raw_times) * 1000


def bench_database(cases: list[tuple]) -> float:
    """p95 of the same requests through the database backend, over the same documents."""
    from accounts.models import Organization
    from search.backends import DatabaseBackend
    from search.registry import build_document, doc_id, get_type

    bench_type = get_type("bench")
    backend = DatabaseBackend()
    started = time.perf_counter()
    backend.rebuild((doc_id("bench", org.pk), build_document(bench_type, org)) for org in Organization.objects.iterator())
    print(f"Database backend: loaded {Organization.objects.count():,} documents in {time.perf_counter() - started:.1f} s")
    for case in cases[:20]:  # warm up, as for the engine
        backend.search(request_for(*case))
    times = []
    for case in cases:
        started = time.perf_counter()
        backend.search(request_for(*case))
        times.append(time.perf_counter() - started)
    print(f"  database backend   p50 {statistics.median(times) * 1000:7.1f} ms  p95 {p95(times) * 1000:7.1f} ms")
    return p95(times) * 1000


def start_engine(data_dir):
    """(url, description, stop) of a fresh engine: a real OpenSearch node where it can run."""
    from pathlib import Path

    from search.local_node import LocalOpenSearchNode, can_run_locally

    if os.environ.get("QAP_BENCH_SEARCH", "").lower() != "osmem" and can_run_locally():
        node = LocalOpenSearchNode(Path(data_dir), heap="2g")
        return node.url, f"OpenSearch {node.version}", node.close
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    return server.url, f"osmem-server {server.version} (an emulator, not a Lucene engine)", server.close


def measure(docs: int, queries: int) -> dict:
    """Every measurement in this process, against one fresh engine."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="qap-bench-search-") as data_dir:
        url, engine, stop = start_engine(data_dir)
        try:
            setup_django()
            from django.conf import settings

            settings.SEARCH_URL = url
            settings.SEARCH_INDEX_PREFIX = "bench"
            settings.SEARCH_TIMEOUT_SECONDS = 300  # a loaded machine must slow both sides, not fail one
            register_benchmark_type()
            started = time.perf_counter()
            generate_organizations(docs)
            print(f"Generated {docs:,} organisations in {time.perf_counter() - started:.1f} s ({engine})")
            pipeline_rate, raw_rate = bench_indexing(docs)
            cases = query_cases(queries)
            api_p95, raw_p95 = bench_queries(cases)
            database_p95 = bench_database(cases)
        finally:
            stop()
    return {
        "docs": docs,
        "queries": queries,
        "engine": engine,
        "pipeline": pipeline_rate,
        "raw": raw_rate,
        "api_p95": api_p95,
        "raw_p95": raw_p95,
        "database_p95": database_p95,
    }


def run(quick: bool = False) -> list:
    """Rows for benchmarks/__main__.py's table; each size measured in a child process of its own."""
    import json
    import subprocess

    from .common import ROOT, Result

    rows = []
    for docs in (10_000,) if quick else (10_000, 100_000):
        args = [sys.executable, "-m", "benchmarks.search_throughput", "--json", "--docs", str(docs)]
        output = subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        engine = figures["engine"]
        rows += [
            Result(
                f"search indexing ({docs:,} docs): pipeline vs raw bulk",
                figures["pipeline"],
                figures["raw"],
                "docs/s",
                ">= 0.8",
                engine,
            ),
            Result(
                f"search queries ({figures['queries']}, {docs:,} docs): search() vs raw, p95",
                figures["api_p95"],
                figures["raw_p95"],
                "ms",
                "<= 1.3",
                engine,
            ),
            Result(
                f"database backend p95 ({docs:,} docs) vs the engine's search() p95",
                figures["database_p95"],
                figures["api_p95"],
                "ms",
                "",
                "for comparison (the database backend's own target is in its benchmark)",
            ),
        ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k documents only")
    parser.add_argument("--docs", type=int, default=None)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line at the end")
    args = parser.parse_args(argv)
    # Only the tables the pipeline touches, created in memory: no migrations, no files.
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sizes = [args.docs] if args.docs else [10_000] if args.quick else [10_000, 100_000]
    if len(sizes) > 1:  # one fresh process (engine, database) per size
        import subprocess

        command = [sys.executable, "-m", "benchmarks.search_throughput", "--queries", str(args.queries)]
        return max(subprocess.run([*command, "--docs", str(size)]).returncode for size in sizes)
    figures = measure(sizes[0], args.queries)
    if args.json:
        import json

        print(json.dumps(figures))
    ok = figures["pipeline"] / figures["raw"] >= 0.8 and figures["api_p95"] / figures["raw_p95"] <= 1.3
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
