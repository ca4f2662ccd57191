"""Benchmark: the database search backend (the embedded default) at 10,000 and 100,000 documents.

    .venv/bin/python -m benchmarks.database_search            # 10,000 and 100,000 documents
    .venv/bin/python -m benchmarks.database_search --quick    # 2,000 and 20,000
    DATABASE_URL=postgres://... .venv/bin/python -m benchmarks.database_search   # PostgreSQL full text

Runs on a throw-away test database (SQLite in memory, or test_<name> on PostgreSQL). Documents
are generated Chinese notices, awards and dossiers (titles, bodies, keywords drawn from a fixed
vocabulary, so some queries match many documents and some few), loaded through
`DatabaseBackend.rebuild` like `search_reindex` does. Each size answers the same queries through
`DatabaseBackend.search` (hits, highlights and the six facet counts) and reports the p95. The
baseline is the same search at the smaller size, in the same run: p95 at the larger size must stay
under 150 ms and within 3 × the smaller size's p95. The old unindexed scan (`__icontains` over
every row) is timed on the same rows for comparison.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

SIZES = (10_000, 100_000)
QUICK_SIZES = (2_000, 20_000)
QUERIES = ["质量奖", "青岛", "卓越绩效", "品牌示范区", "公示", "海岳 集团", "智能制造", "奖", "标杆", "冷链物流"]
P95_LIMIT_MS = 150.0
SCALING_LIMIT = 3.0

WORDS = (
    "质量 品牌 示范区 创建 卓越 绩效 管理 模式 标杆 企业 集团 制造 智能 装备 海洋 生物 医药 食品 冷链 物流 港口 "
    "航运 纺织 服装 家电 电子 信息 软件 服务 旅游 农业 种业 茶叶 海参 啤酒 轮胎 化工 新材料 新能源 汽车 零部件 "
    "检验 检测 认证 标准 计量 专利 创新 研发 人才 培训 顾客 满意 社会 责任 诚信 安全 环保 节能 低碳 数字化 转型"
).split()
PLACES = "青岛 济南 烟台 潍坊 临沂 淄博 威海 日照 德州 聊城 滨州 菏泽 枣庄 泰安 济宁 东营".split()
KINDS = ("notice", "award", "application", "zone")
PROVINCES = ("山东省", "江苏省", "浙江省", "广东省", "河北省")


def _document(i: int, rng: random.Random) -> tuple[str, dict]:
    from django.utils import timezone

    place = rng.choice(PLACES)
    kind = KINDS[i % len(KINDS)]
    title_words = "".join(rng.sample(WORDS, 3))
    title = {
        "notice": f"{2020 + i % 7}年度{place}市长质量奖{title_words}公示",
        "award": f"{place}{title_words}有限公司",
        "application": f"{place}{title_words}集团申报材料",
        "zone": f"{place}{title_words}品牌示范区",
    }[kind]
    body = "，".join("".join(rng.sample(WORDS, 4)) for _ in range(12)) + "。"
    return f"{kind}-{i}", {
        "doc_type": kind,
        "visibility": "public" if kind != "application" else "staff",
        "title": title,
        "body": body,
        "keywords": " ".join(rng.sample(WORDS, 4)),
        "province": rng.choice(PROVINCES),
        "industry": rng.choice(WORDS),
        "program": f"{place}市长质量奖",
        "state": rng.choice(("awarded", "public_notice", "material_review")),
        "region": "370200",
        "year": 2020 + i % 7,
        "date": timezone.now() - timezone.timedelta(days=i % 2000),
        "url": f"/x/{i}/",
    }


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


def _timed(fn, query: str) -> float:
    started = time.perf_counter()
    fn(query)
    return (time.perf_counter() - started) * 1000


def run(sizes=SIZES):
    from .common import Result
    from .review_aggregation import _setup_django

    old_name = _setup_django()
    from django.db import connection

    from search.backends import DatabaseBackend

    backend = DatabaseBackend()
    rng = random.Random(2026)
    measured = {}
    try:
        for size in sizes:
            started = time.perf_counter()
            backend.rebuild(_document(i, rng) for i in range(size))
            loaded = time.perf_counter() - started
            for query in QUERIES:  # warm the page cache of the database
                backend.search(_request(query))
            ours = [_timed(lambda q: backend.search(_request(q)), q) for _ in range(3) for q in QUERIES]
            scan = [_timed(_scan, q) for q in QUERIES]
            measured[size] = (_p95(ours), _p95(scan), loaded)
        vendor = connection.vendor
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    small, large = sizes
    (p_small, scan_small, _), (p_large, scan_large, load_large) = measured[small], measured[large]
    note = (
        f"{vendor}; {len(QUERIES)} queries × 3, hits + highlights + 6 facets; unindexed scan p95 "
        f"{scan_small:.0f} ms at {small:,}, {scan_large:.0f} ms at {large:,}; loading {load_large:.0f} s"
    )
    return [
        Result(
            f"database search p95 at {large:,} docs", p_large, P95_LIMIT_MS, "ms", "<= 1.0", f"limit 150 ms; {note}"
        ),
        Result(f"database search p95 {large:,} vs {small:,} docs", p_large, p_small, "ms", f"<= {SCALING_LIMIT}", note),
    ]


def main() -> int:
    from .__main__ import table

    results = run(QUICK_SIZES if "--quick" in sys.argv else SIZES)
    print(table(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
