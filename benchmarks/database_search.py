"""Benchmark: the database search backend (the embedded default) at 10,000 and 100,000 documents.

    .venv/bin/python -m benchmarks.database_search            # 10,000 and 100,000 documents
    .venv/bin/python -m benchmarks.database_search --quick    # 2,000 and 20,000
    QAP_POSTGRES=postgres://postgres@127.0.0.1:5432/qap .venv/bin/python -m benchmarks.database_search

Runs on SQLite (in memory) and, when QAP_POSTGRES or DATABASE_URL names a PostgreSQL database, on
PostgreSQL too (a throw-away test_<name> database), each in its own process. The generated corpus
reads like the platform's: notices, awards, applications and zones with titles naming a city, a
company and a topic, and bodies whose words follow a Zipf distribution over about 2,000 words and
compounds (a few words are in most documents, most words in few), so queries range from a company
name found in a handful of documents to 青岛 or 市长质量奖, found in a quarter or more. The documents
are written with bulk inserts through `SearchEntry.objects.bulk_create` (tokens derived as in every
write); the larger size adds to the smaller one.

Each size answers the same mix of queries (`QUERIES`: names, places, topics, several terms, Latin
codes, broad terms) through `DatabaseBackend.search` (hits, highlights and the six facet counts)
three times each and reports the p95. Targets: p95 at the larger size under 150 ms and within 3 × the
smaller size's p95 in the same run. Also printed: each query's matches and time at the larger size,
and the old unindexed scan (`__icontains` over every row) on three queries, for comparison.
"""

from __future__ import annotations

import itertools
import os
import random
import statistics
import subprocess
import sys
import time

SIZES = (10_000, 100_000)
QUICK_SIZES = (2_000, 20_000)
P95_LIMIT_MS = 150.0
SCALING_LIMIT = 3.0
REPEATS = 3

BASE_WORDS = (
    "质量 品牌 示范区 创建 卓越 绩效 管理 模式 标杆 企业 集团 制造 智能 装备 海洋 生物 医药 食品 冷链 物流 港口 "
    "航运 纺织 服装 家电 电子 信息 软件 服务 旅游 农业 种业 茶叶 海参 啤酒 轮胎 化工 新材料 新能源 汽车 零部件 "
    "检验 检测 认证 标准 计量 专利 创新 研发 人才 培训 顾客 满意 社会 责任 诚信 安全 环保 节能 低碳 数字化 转型"
).split()
PLACES = "青岛 济南 烟台 潍坊 临沂 淄博 威海 日照 德州 聊城 滨州 菏泽 枣庄 泰安 济宁 东营".split()
PLACE_WEIGHTS = [8] + [1] * (len(PLACES) - 1)  # a Qingdao platform: about a third of documents name 青岛
SYLLABLES = "海岳朗港北洋华信泰和瑞丰恒通金源盛达宏远鲁星航宇新华明德正元佳禾康宁永安".replace("", " ").split()
KINDS = ("notice", "award", "application", "zone")
PROVINCES = ("山东省", "江苏省", "浙江省", "广东省", "河北省")
STATES = ("awarded", "public_notice", "material_review")
LATIN = ("ISO9001", "ISO14001", "GB/T19580", "QC", "6S", "TQM")

# The query mix: what people type into the platform's search box, with the share of documents each
# finds printed by the run. Broad terms are in the mix as often as people type them, not left out.
QUERIES = [
    "青岛",  # the host city: about a third of all documents
    "市长质量奖",  # every notice
    "质量奖 公示",
    "烟台",
    "潍坊 集团",
    "卓越绩效",
    "智能制造",
    "冷链物流",
    "海参",
    "新能源汽车",
    "标准 计量",
    "青岛 数字化转型",
    "ISO9001",
    "GB/T19580",
    "2026年度",
    "品牌示范区 烟台",
    "顾客满意",
    "{company}",  # a company's own name: found in a few documents
    "{company}",
    "{company}",
]
SCAN_QUERIES = ("青岛", "智能制造", "{company}")


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    compounds = [a + b for a, b in itertools.permutations(BASE_WORDS, 2)]
    rng.shuffle(compounds)
    words = [*rng.sample(BASE_WORDS, len(BASE_WORDS)), *compounds[:1934]]
    cumulative, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1.0 / rank
        cumulative.append(total)
    return words, cumulative


class Corpus:
    def __init__(self, seed: int = 2026):
        self.rng = random.Random(seed)
        self.words, self.cumulative = _vocabulary(self.rng)
        self.companies = [
            "".join(self.rng.sample(SYLLABLES, 2)) + self.rng.choice(("电子", "机械", "精密", "食品", "海洋", "物流"))
            for _ in range(3000)
        ]
        self.count = 0

    def _words(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=k)

    def entries(self, n: int):
        from django.utils import timezone

        from search.models import SearchEntry

        now = timezone.now()
        rng = self.rng
        for _ in range(n):
            i = self.count
            self.count += 1
            kind = KINDS[i % len(KINDS)]
            place = rng.choices(PLACES, weights=PLACE_WEIGHTS)[0]
            company = rng.choice(self.companies)
            topic = "".join(self._words(2))
            year = 2020 + i % 7
            title = {
                "notice": f"{year}年度{place}市长质量奖{topic}拟授奖名单公示",
                "award": f"{place}{company}有限公司{topic}",
                "application": f"{place}{company}集团申报材料",
                "zone": f"{place}{topic}品牌示范区",
            }[kind]
            sentences = ["".join(self._words(4)) for _ in range(10)]
            if rng.random() < 0.1:
                sentences.append(f"通过{rng.choice(LATIN)}认证")
            if kind != "notice":
                sentences.append(f"{company}{self._words(1)[0]}")
            yield SearchEntry(
                doc_id=f"{kind}-{i}",
                doc_type=kind,
                visibility="staff" if kind == "application" else "public",
                title=title,
                body="，".join(sentences) + "。",
                keywords=" ".join(self._words(4)),
                province=rng.choice(PROVINCES),
                industry=self._words(1)[0][:60],
                program=f"{place}市长质量奖",
                state=rng.choice(STATES),
                region="370200",
                year=year,
                date=now - timezone.timedelta(days=i % 2000, seconds=i),
                url=f"/x/{i}/",
            )

    def queries(self) -> list[str]:
        rng = random.Random(7)
        used = self.companies[:100]  # the first companies are as likely as any to be in the documents
        return [q.format(company=rng.choice(used)) if "{company}" in q else q for q in QUERIES]


def _request(query: str):
    from search.schema import RELEVANCE, SearchRequest

    return SearchRequest(
        query=query, filters={}, page=1, page_size=10, sort=RELEVANCE, visibilities=("public", "staff")
    )


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def _scan(query: str) -> None:
    """The backend before the index: every term as __icontains over every row, plus the facet counts."""
    from django.db.models import Count, Q

    from search.models import SearchEntry
    from search.schema import FACETS

    entries = SearchEntry.objects.filter(visibility__in=("public", "staff"))
    for term in query.split():
        entries = entries.filter(Q(title__icontains=term) | Q(keywords__icontains=term) | Q(body__icontains=term))
    for facet in FACETS:
        list(entries.order_by().values_list(facet.field).annotate(n=Count("pk")))
    list(entries.order_by("-date")[:10])


def _found(results) -> tuple[int, str]:
    """The total and whether it is exact ("eq") or the counting stopped there ("gte", SEARCH_TRACK_TOTAL_HITS)."""
    return results.total, results.total_relation


def _timed(fn, query: str) -> float:
    started = time.perf_counter()
    fn(query)
    return (time.perf_counter() - started) * 1000


def _settle(connection) -> None:
    """PostgreSQL: vacuum until the visibility map covers the table, as autovacuum keeps it between
    writes. One VACUUM right after the load can leave the new rows unmarked when autovacuum's own
    ANALYZE of the table, started during the load, still holds an older snapshot; index-only scans
    would then read every row and measure a state the table leaves within a minute."""
    for _ in range(20):
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")
            cursor.execute("SELECT relallvisible, relpages FROM pg_class WHERE relname = 'search_searchentry'")
            visible, pages = cursor.fetchone()
        if visible >= pages:
            return
        time.sleep(0.5)


def run(sizes=SIZES):
    from .common import Result
    from .review_aggregation import _setup_django

    old_name = _setup_django()
    from django.db import connection, transaction

    from search.backends import DatabaseBackend
    from search.models import SearchEntry

    backend = DatabaseBackend()
    corpus = Corpus()
    queries = corpus.queries()
    scan_queries = [queries[QUERIES.index(q)] for q in SCAN_QUERIES]
    measured = {}
    try:
        for size in sizes:
            started = time.perf_counter()
            with transaction.atomic():
                SearchEntry.objects.bulk_create(corpus.entries(size - corpus.count), batch_size=2000)
            loaded = time.perf_counter() - started
            if connection.vendor == "postgresql":
                _settle(connection)
            for query in queries:  # warm the database's cache
                backend.search(_request(query))
            per_query = {q: [] for q in queries}
            for _ in range(REPEATS):
                for query in queries:
                    per_query[query].append(_timed(lambda q: backend.search(_request(q)), query))
            samples = [t for times in per_query.values() for t in times]
            found = {q: _found(backend.search(_request(q))) for q in queries}
            scan = [_timed(_scan, q) for q in scan_queries]
            measured[size] = dict(p95=_p95(samples), scan=max(scan), loaded=loaded, per_query=per_query, found=found)
        vendor = connection.vendor
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    small, large = sizes
    m_small, m_large = measured[small], measured[large]
    print(f"\nDatabase search, {vendor}: matches and median time per query at {large:,} documents")
    for query in queries:
        total, relation = m_large["found"][query]
        found = (
            f"{total:>7,}{'+' if relation == 'gte' else ' '} ({total / large:5.1%}{'+' if relation == 'gte' else ' '})"
        )
        print(f"  {query:<16} {found}  {statistics.median(m_large['per_query'][query]):7.1f} ms")
    note = (
        f"{vendor}; {len(queries)} queries × {REPEATS}, hits + highlights + 6 facets; unindexed scan (max of 3 queries) "
        f"{m_small['scan']:.0f} ms at {small:,}, {m_large['scan']:.0f} ms at {large:,}; loading {m_large['loaded']:.0f} s"
    )
    return [
        Result(
            f"database search p95 at {large:,} docs ({vendor})",
            m_large["p95"],
            P95_LIMIT_MS,
            "ms",
            "<= 1.0",
            f"limit 150 ms; {note}",
        ),
        Result(
            f"database search p95 {large:,} vs {small:,} docs ({vendor})",
            m_large["p95"],
            m_small["p95"],
            "ms",
            f"<= {SCALING_LIMIT}",
            note,
        ),
    ]


def _postgres_url() -> str | None:
    for name in ("QAP_POSTGRES", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


def main() -> int:
    quick = "--quick" in sys.argv
    if "--child" in sys.argv:
        from .__main__ import table

        results = run(QUICK_SIZES if quick else SIZES)
        print(table(results))
        return 0 if all(r.passed for r in results) else 1
    # One process per database: Django is configured once per process.
    databases = [("sqlite", None)]
    if _postgres_url():
        databases.append(("postgresql", _postgres_url()))
    status = 0
    for vendor, url in databases:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        if url:
            env["DATABASE_URL"] = url
        env.setdefault("SEARCH_URL", "")
        command = [sys.executable, "-m", "benchmarks.database_search", "--child", *(["--quick"] if quick else [])]
        print(f"### {vendor}", flush=True)
        status = max(status, subprocess.run(command, env=env, check=False).returncode)
    return status


if __name__ == "__main__":
    sys.exit(main())
