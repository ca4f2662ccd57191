"""Benchmark: aggregate and rank N applications × 7 experts × 23 items in the database.

    .venv/bin/python -m benchmarks.review_aggregation            # 1,000 and 5,000 applications
    .venv/bin/python -m benchmarks.review_aggregation --quick    # 200 and 1,000 (smoke run)
    DATABASE_URL=postgres://... .venv/bin/python -m benchmarks.review_aggregation

Runs on a throw-away test database (SQLite in memory, or test_<name> on PostgreSQL). For each
size it times `rank_edition` (five aggregation methods, composite, ranks, tiers) against a
baseline measured in the same run on the same rows: one bare `SUM(points) GROUP BY dossier`
query over the edition's item scores, i.e. the cheapest possible pass over them (the run checks
that these are exactly the item scores the ranking reads: every scorecard current and submitted).
Baseline and ours alternate, round after round (ROUNDS); each figure is the median of its rounds
and each ratio the median of the rounds' ratios, so load from other processes hits both sides.

At the largest size it also serves the staff ranking page (`/review/staff/edition/<id>/ranking/`,
signed in as the secretariat, through Django's test client: middleware, the ranking, the shown
page's dossiers and ballot forms, the template) for real award applications in committee
deliberation, in the same rounds, and compares it with the bare SUM (issue 14: the page within
3 × the bare aggregation) and with `rank_edition`. Exits 1 when a target is missed.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time

EXPERTS_PER_PANEL = 7
DOSSIERS_PER_PANEL = 50
POOL_SIZE = 140
SIZES = (1000, 5000)
QUICK_SIZES = (200, 1000)
ROUNDS = 7
TARGET_SECONDS = 3.0
PAGE_TARGET_RATIO = 3.0  # the ranking page ≤ 3 × the bare SUM over the same rows (issue 14's 'bare aggregation')
PAGE_TARGET_SIZE = 5000  # ... at 5,000 applications; a smaller run (--quick) prints the ratio, unjudged


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return old_name


def _generate(
    edition, experts, n_dossiers: int, *, first_object_id: int, rng: random.Random, dossier_model=None
) -> None:
    """Panels of 7 experts × 50 dossiers, every expert submitting all 23 items (bulk inserts)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from workflows.models import Criterion
    from workflows.review.models import Assignment, ItemScore, Panel, Scorecard

    ct = ContentType.objects.get_for_model(dossier_model or Panel)  # any content type: ranking needs ids only
    items = list(Criterion.objects.filter(framework_id=edition.criteria_framework_id, parent__isnull=False))
    now = timezone.now()
    object_ids = list(range(first_object_id, first_object_id + n_dossiers))
    for start in range(0, n_dossiers, DOSSIERS_PER_PANEL):
        panel = Panel.objects.create(
            edition=edition, stage="material_review", name=f"P{start}", size=EXPERTS_PER_PANEL, deadline=now
        )
        members = rng.sample(experts, EXPERTS_PER_PANEL)
        chunk = object_ids[start : start + DOSSIERS_PER_PANEL]
        assignments = Assignment.objects.bulk_create(
            [
                Assignment(panel=panel, expert=e, content_type=ct, object_id=oid, label="", code=str(oid))
                for oid in chunk
                for e in members
            ]
        )
        cards = Scorecard.objects.bulk_create(
            [
                Scorecard(
                    assignment=a,
                    panel=panel,
                    expert_id=a.expert_id,
                    content_type=ct,
                    object_id=a.object_id,
                    status=Scorecard.Status.SUBMITTED,
                    submitted_at=now,
                )
                for a in assignments
            ]
        )
        quality = {oid: rng.randint(6, 16) for oid in chunk}  # the dossier's "true" level, in 5 % steps
        rows = []
        for card in cards:
            severity = hash(card.expert_id) % 3 - 1
            for item in items:
                steps = max(0, min(20, quality[card.object_id] + severity + rng.randint(-2, 2)))
                percentage = steps * 5
                rows.append((card.pk, item.pk, percentage, percentage * item.max_points / 100, "", "", ""))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {ItemScore._meta.db_table} "
                "(scorecard_id, criterion_id, percentage, points, strengths, opportunities, deviation_reason) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                rows,
            )


def bench_edition(program, framework, n: int, *, year: int):
    """An edition for n generated applications, one material-review stage weighted 100 %."""
    from django.utils import timezone

    from workflows.models import Edition
    from workflows.review.models import ReviewSettings

    now = timezone.now()
    edition = Edition.objects.create(
        program=program,
        year=year,
        title=f"bench {n}",
        opens_at=now,
        closes_at=now + timezone.timedelta(days=1),
        reference_date=now.date(),
        criteria_framework=framework,
        award_quota=max(1, n // 100),
        nomination_quota=max(1, n // 100),
    )
    ReviewSettings.objects.create(edition=edition, stage_weights={"material_review": 100})
    return edition


def _baseline(edition) -> float:
    from django.db import connection

    from workflows.review.models import ItemScore, Panel, Scorecard

    sql = (
        f"SELECT sc.object_id, SUM(i.points) FROM {ItemScore._meta.db_table} i "
        f"JOIN {Scorecard._meta.db_table} sc ON sc.id = i.scorecard_id "
        f"JOIN {Panel._meta.db_table} p ON p.id = sc.panel_id WHERE p.edition_id = %s GROUP BY sc.object_id"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [edition.pk])
        cursor.fetchall()
    return time.perf_counter() - started


def _applications(edition, n: int) -> tuple[object, int]:
    """n award applications of `edition` in committee deliberation, one organisation each (bulk
    inserts); returns their model and the first id."""
    from accounts.credit_code import make_credit_code
    from accounts.models import Organization, User
    from awards.models import AwardApplication, State

    applicant = User.objects.create(username="bench-applicant")

    organizations = Organization.objects.bulk_create(
        [
            Organization(name=f"基准企业{i}有限公司", credit_code=make_credit_code(f"913702{i:010d}"[:16]))
            for i in range(n)
        ]
    )
    applications = AwardApplication.objects.bulk_create(
        [
            AwardApplication(
                edition=edition,
                organization=organization,
                created_by=applicant,
                state=State.COMMITTEE_DELIBERATION,
                reference_no=f"BENCH-{i:05d}",
            )
            for i, organization in enumerate(organizations)
        ]
    )
    return AwardApplication, min(a.pk for a in applications)


def _page_seconds(edition) -> tuple[float, int]:
    """The ranking page as the secretariat sees it (first page), and its status code."""
    from django.test import Client

    from accounts.models import RoleGrant, User
    from accounts.roles import Role

    user, created = User.objects.get_or_create(username="bench-secretariat")
    if created:
        RoleGrant.objects.create(user=user, role=Role.SECRETARIAT)
    client = Client()
    client.force_login(user)
    client.get("/accounts/")  # the site's settings row is created on the first page ever served
    started = time.perf_counter()
    response = client.get(f"/review/staff/edition/{edition.pk}/ranking/")
    return time.perf_counter() - started, response.status_code


def _same_rows(edition) -> bool:
    """The bare SUM reads every item score of the edition; the ranking only those of current,
    submitted scorecards. The generated data has no other, so both read the same rows."""
    from workflows.review.models import ItemScore, Scorecard

    scores = ItemScore.objects.filter(scorecard__panel__edition=edition)
    counted = scores.filter(scorecard__is_current=True, scorecard__status=Scorecard.Status.SUBMITTED).count()
    return counted == scores.count() > 0


def _rounds(timers: dict, rounds: int) -> dict[str, list[float]]:
    """Each timer once per round, in turn (the first one — the baseline — first), after one warm-up."""
    for fn in timers.values():
        fn()
    seconds: dict[str, list[float]] = {name: [] for name in timers}
    for _ in range(rounds):
        for name, fn in timers.items():
            seconds[name].append(fn())
    return seconds


def _ratio(ours: list[float], base: list[float]) -> float:
    return statistics.median(o / b for o, b in zip(ours, base, strict=True))


def main(sizes=SIZES, rounds=ROUNDS) -> int:
    old_name = _setup_django()
    from django.db import connection

    from accounts.models import User
    from workflows.models import CriteriaFramework, Program
    from workflows.review.selectors import rank_edition

    try:
        rng = random.Random(2026)
        framework = CriteriaFramework.objects.get(code="gbt19580-2012")
        program = Program.objects.create(
            name="基准", slug="bench", kind="quality_award", level="municipal", authority="x"
        )
        experts = User.objects.bulk_create([User(username=f"bench-expert-{i}") for i in range(POOL_SIZE)])
        results = []
        first_id = 1
        page = None
        for n in sizes:
            edition = bench_edition(program, framework, n, year=2000 + n // 1000)
            generated = time.perf_counter()
            last = n == sizes[-1]
            if last:  # real applications, so the page shows names and ballot forms
                dossier_model, first_id = _applications(edition, n)
                _generate(edition, experts, n, first_object_id=first_id, rng=rng, dossier_model=dossier_model)
            else:
                _generate(edition, experts, n, first_object_id=first_id, rng=rng)
                first_id += n
            generated = time.perf_counter() - generated
            if not _same_rows(edition):
                raise SystemExit("the bare SUM and the ranking would not read the same item scores")
            rows_seen = {}
            statuses = set()

            def ours(edition=edition, rows_seen=rows_seen):
                started = time.perf_counter()
                rows_seen["n"] = len(rank_edition(edition, with_labels=False))
                return time.perf_counter() - started

            def served(edition=edition, statuses=statuses):
                seconds, status = _page_seconds(edition)
                statuses.add(status)
                return seconds

            timers = {"sum": lambda edition=edition: _baseline(edition), "rank": ours}
            if last:
                timers["page"] = served
            seconds = _rounds(timers, rounds)
            ours_time, base_time = statistics.median(seconds["rank"]), statistics.median(seconds["sum"])
            ratio = _ratio(seconds["rank"], seconds["sum"])
            results.append((n, n * EXPERTS_PER_PANEL * 23, rows_seen["n"], ours_time, base_time, ratio))
            if last:
                page = (
                    n,
                    statistics.median(seconds["page"]),
                    _ratio(seconds["page"], seconds["sum"]),
                    _ratio(seconds["page"], seconds["rank"]),
                    ours_time,
                    ratio,
                    base_time,
                    statuses,
                )

        vendor = connection.vendor
        print(
            f"\nExpert-review aggregation and ranking ({vendor}; {rounds} rounds, baseline and ours alternating: "
            "medians, ratio = median of the rounds' ratios; data generation not timed)"
        )
        print(
            f"{'applications':>12} {'item scores':>12} {'ranked':>7} {'ours (s)':>9} {'baseline (s)':>13} {'ratio':>7}"
        )
        for n, item_rows, ranked, ours_time, base_time, ratio in results:
            print(f"{n:>12,} {item_rows:>12,} {ranked:>7,} {ours_time:>9.3f} {base_time:>13.3f} {ratio:>7.2f}")
        (n0, *_, t0, _b0, _r0), (n1, *_, t1, _b1, _r1) = results[0], results[-1]
        print(f"scaling {n0:,} → {n1:,} applications: ×{n1 / n0:.1f} data, ×{t1 / t0:.2f} time")
        verdict = "OK" if t1 < TARGET_SECONDS else "SLOWER THAN TARGET"
        print(f"target < {TARGET_SECONDS:.0f} s for {n1:,}: {t1:.3f} s — {verdict}")
        print("baseline = one bare SUM(points) GROUP BY dossier over the same item scores, same rounds")
        n, page_time, page_ratio, over_rank, rank_time, rank_ratio, sum_time, statuses = page
        judged = n >= PAGE_TARGET_SIZE
        page_ok = statuses == {200} and (page_ratio <= PAGE_TARGET_RATIO or not judged)
        verdict_page = ("OK" if page_ok else "MISSED") if judged else f"not judged below {PAGE_TARGET_SIZE:,}"
        print(
            f"ranking page at {n:,} applications (secretariat, first page): {page_time:.3f} s = "
            f"{page_ratio:.2f} × the bare SUM ({sum_time:.3f} s), {over_rank:.2f} × rank_edition "
            f"({rank_time:.3f} s = {rank_ratio:.2f} × the bare SUM); target ≤ {PAGE_TARGET_RATIO:.0f} × the bare SUM — "
            f"{verdict_page} (HTTP {sorted(statuses)})"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if verdict == "OK" and page_ok else 1


if __name__ == "__main__":
    sys.exit(main(QUICK_SIZES if "--quick" in sys.argv else SIZES))
