"""Benchmark: the expert's review queue page (/review/) at 10 and at 500 active assignments.

    .venv/bin/python -m benchmarks.queue            # 10 vs 500 assignments, 30 rounds
    .venv/bin/python -m benchmarks.queue --quick    # 10 rounds

Throw-away test database (SQLite in memory, or test_<name> on PostgreSQL with DATABASE_URL). Two
experts with real award applications to score (panels of 50 dossiers, bulk inserted), each signed
in with Django's test client; every round GETs the first page of both queues, alternating, after a
warm-up. The baseline is the 10-assignment queue in the same run: the 500-assignment page must stay
within 2 × its median time, and both pages within 15 queries (the same number at both sizes).
"""

from __future__ import annotations

import statistics
import sys
import time

SMALL, LARGE = 10, 500
ROUNDS, QUICK_ROUNDS = 30, 10
TIME_LIMIT = 2.0
QUERY_LIMIT = 15


def _expert_with(n: int, edition, applicant, tag: str):
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import Organization, RoleGrant, User
    from accounts.roles import Role
    from awards.models import AwardApplication
    from workflows.review.models import Assignment, ExpertProfile, Panel

    expert = User.objects.create(username=f"bench-queue-{tag}", full_name=f"专家{tag}")
    RoleGrant.objects.create(user=expert, role=Role.EXPERT)
    ExpertProfile.objects.create(user=expert, employer_name="青岛某研究院", region_code="370202")
    orgs = Organization.objects.bulk_create(
        [
            Organization(name=f"基准{tag}{i:04d}有限公司", credit_code=f"9137{tag}{i:012d}"[:18], region_code="370212")
            for i in range(n)
        ]
    )
    dossiers = AwardApplication.objects.bulk_create(
        [AwardApplication(edition=edition, organization=o, created_by=applicant, state="material_review") for o in orgs]
    )
    ct = ContentType.objects.get_for_model(AwardApplication)
    for start in range(0, n, 50):
        panel = Panel.objects.create(
            edition=edition, stage="material_review", name=f"{tag}-{start}", size=7, deadline=edition.closes_at
        )
        Assignment.objects.bulk_create(
            [
                Assignment(
                    panel=panel,
                    expert=expert,
                    content_type=ct,
                    object_id=d.pk,
                    label=d.organization.name,
                    code=f"{tag}{d.pk}",
                )
                for d in dossiers[start : start + 50]
            ]
        )
    return expert


def run(rounds: int = ROUNDS):
    from .common import Result
    from .review_aggregation import _setup_django, bench_edition

    old_name = _setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from workflows.models import CriteriaFramework, Program

    try:
        program = Program.objects.create(
            name="基准", slug="bench-queue", kind="quality_award", level="municipal", authority="x"
        )
        edition = bench_edition(program, CriteriaFramework.objects.get(code="gbt19580-2012"), LARGE, year=2026)
        applicant = User.objects.create(username="bench-applicant")
        clients = {}
        for n, tag in ((SMALL, "S"), (LARGE, "L")):
            client = Client()
            client.force_login(_expert_with(n, edition, applicant, tag))
            clients[n] = client
        queries = {}
        for n, client in clients.items():  # warm-up, and the query count of each page
            client.get("/accounts/")
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/review/")
            if response.status_code != 200:
                raise RuntimeError(f"/review/ answered {response.status_code}")
            queries[n] = len(captured)
        times = {SMALL: [], LARGE: []}
        for _ in range(rounds):
            for n in (SMALL, LARGE):  # alternating, so load changes hit both
                started = time.perf_counter()
                clients[n].get("/review/")
                times[n].append((time.perf_counter() - started) * 1000)
        vendor = connection.vendor
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    small, large = statistics.median(times[SMALL]), statistics.median(times[LARGE])
    note = f"{vendor}; median of {rounds} alternating GETs; first page (50 rows) of each queue"
    return [
        Result(f"expert queue {LARGE} vs {SMALL} assignments (time)", large, small, "ms", f"<= {TIME_LIMIT}", note),
        Result(
            f"expert queue queries at {LARGE} assignments",
            queries[LARGE],
            QUERY_LIMIT,
            "queries",
            "<= 1.0",
            f"limit {QUERY_LIMIT}; {queries[SMALL]} at {SMALL} assignments",
        ),
        Result(
            f"expert queue queries {LARGE} vs {SMALL} assignments",
            queries[LARGE],
            queries[SMALL],
            "queries",
            "<= 1.0",
            "constant in rows",
        ),
    ]


def main() -> int:
    from .__main__ import table

    results = run(QUICK_ROUNDS if "--quick" in sys.argv else ROUNDS)
    print(table(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
