"""Review reads: queues, visibility, aggregation and ranking (in the database), panel statistics."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_lazy

from accounts.roles import Role
from workflows import programs
from workflows.models import Criterion, Edition

from .models import (
    AggregationMethod,
    Assignment,
    AvoidanceRequest,
    CommitteeBallot,
    ConflictDeclaration,
    ConsensusItem,
    ExpertProfile,
    ItemScore,
    Panel,
    PanelDossier,
    Scorecard,
    Stage,
)
from .services import Rule, conflicts_between, detect_conflicts, dossier_key, review_settings_for
from .statistics import icc_2k, kendalls_w

METHODS = [m.value for m in AggregationMethod]
# The composite under the methods chosen per stage (the edition's own result); METHODS apply one
# method to every stage, for the sensitivity table.
CHOSEN = "chosen"
COLUMNS = [CHOSEN, *METHODS]
COLUMN_LABELS = {CHOSEN: gettext_lazy("按阶段设置"), **{m.value: m.label for m in AggregationMethod}}


# --- expert queue -------------------------------------------------------------------------
def expert_queue(user) -> QuerySet[Assignment]:
    """The expert's active assignments with stage, deadline and own progress, in constant queries."""
    current = Scorecard.objects.filter(assignment=OuterRef("pk"), is_current=True)
    item_count = (
        Criterion.objects.filter(
            framework_id=Coalesce(OuterRef("panel__framework_id"), OuterRef("panel__edition__criteria_framework_id")),
            parent__isnull=False,
        )
        .values("framework_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Assignment.objects.filter(expert=user, status=Assignment.Status.ACTIVE)
        .select_related("panel__edition")
        .annotate(
            show_identity=Coalesce(F("panel__edition__review_settings__identity_visible"), Value(True)),
            scored_items=Coalesce(
                Subquery(
                    ItemScore.objects.filter(scorecard__assignment=OuterRef("pk"), scorecard__is_current=True)
                    .values("scorecard")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            total_items=Coalesce(Subquery(item_count, output_field=IntegerField()), 0),
            card_status=Subquery(current.values("status")[:1]),
            declared=Exists(
                ConflictDeclaration.objects.filter(
                    expert=user,
                    content_type_id=OuterRef("content_type_id"),
                    object_id=OuterRef("object_id"),
                    has_conflict=False,
                )
            ),
        )
        .order_by("panel__deadline", "id")
    )


QUEUE_PAGE_SIZE = 50


@dataclass
class QueuePage:
    """One page of the expert's queue; no COUNT query (the next page is known by reading one row more)."""

    rows: list[Assignment]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def expert_queue_page(user, number: int = 1, per_page: int | None = None) -> QueuePage:
    """One page of expert_queue_rows, the conflict check run over that page's dossiers only."""
    per_page = per_page or QUEUE_PAGE_SIZE
    number = max(1, number)
    start = (number - 1) * per_page
    rows = expert_queue_rows(user, window=(start, start + per_page + 1))
    return QueuePage(rows=rows[:per_page], number=number, has_next=len(rows) > per_page)


def expert_queue_rows(user, window: tuple[int, int] | None = None) -> list[Assignment]:
    """The expert's queue, with whose dossier it is hidden where a conflict is now on record.

    A tie declared after the draw leaves the assignment active until staff recuse the expert;
    meanwhile the applicant's name is no longer served to them, in the queue as on the dossier page.
    Adds a fixed number of queries (one per dossier model and per edition), not one per row.
    `window` (start, stop) reads only those rows of the queue.
    """
    # The expert's profile comes with the rows (no query of its own; none at all for an empty queue).
    queue = expert_queue(user).select_related("expert__expert_profile")
    assignments = list(queue[window[0] : window[1]] if window else queue)
    if not assignments:
        return assignments
    try:
        profile = assignments[0].expert.expert_profile
    except ExpertProfile.DoesNotExist:
        return assignments
    ids_by_type = defaultdict(set)
    for assignment in assignments:
        ids_by_type[assignment.content_type_id].add(assignment.object_id)
    dossiers = []
    for content_type_id, object_ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        dossiers += list(
            model._default_manager.select_related("organization", "edition__review_settings").filter(pk__in=object_ids)
        )
    conflicted = {key for _, key in detect_conflicts([profile], dossiers)}
    for assignment in assignments:
        if (assignment.content_type_id, assignment.object_id) in conflicted:
            assignment.show_identity = False
    return assignments


def assignment_for(user, assignment_id: int) -> Assignment | None:
    return (
        Assignment.objects.select_related("panel__edition", "content_type")
        .filter(pk=assignment_id, expert=user)
        .first()
    )


def dossier_documents(assignment: Assignment):
    """The current (not superseded) documents of the assignment's dossier, in upload order."""
    from workflows.documents.models import Document

    return Document.objects.filter(
        owner_type_id=assignment.content_type_id, owner_id=str(assignment.object_id), superseded_by__isnull=True
    ).order_by("slot", "id")


def labelled_dossier_documents(assignment: Assignment) -> list:
    """`dossier_documents`, each with `label`: the slot's name as its program registers it
    (Program.document_labels), in the page's language; "" when the program names none."""
    from django.utils.translation import gettext

    from workflows.programs import program_for

    program = program_for(assignment.dossier)
    labels = program.document_labels(assignment.dossier) if program and program.document_labels else {}
    documents = list(dossier_documents(assignment))
    for document in documents:
        document.label = gettext(str(labels[document.slot])) if document.slot in labels else ""
    return documents


def may_see_identity(assignment: Assignment) -> bool:
    return review_settings_for(assignment.panel.edition).identity_visible


def others_scores_visible(assignment: Assignment, user) -> bool:
    """Other experts' scores: never while conflicted; with blind review only after own submission."""
    if user.pk != assignment.expert_id or assignment.status != Assignment.Status.ACTIVE:
        return False
    if conflicts_between(user, assignment.dossier):
        return False
    if not review_settings_for(assignment.panel.edition).blind_for(assignment.panel.stage):
        return True
    return Scorecard.objects.filter(
        assignment=assignment, status__in=[Scorecard.Status.SUBMITTED, Scorecard.Status.SUPERSEDED]
    ).exists()


def panel_scores_for_dossier(assignment: Assignment) -> list[dict]:
    """Submitted current scorecards of the panel for this dossier: [{expert, total, items{cid: pct}}]."""
    cards = (
        Scorecard.objects.filter(
            panel_id=assignment.panel_id,
            content_type_id=assignment.content_type_id,
            object_id=assignment.object_id,
            is_current=True,
            status=Scorecard.Status.SUBMITTED,
        )
        .select_related("expert")
        .prefetch_related("items")
        .order_by("expert_id")
    )
    return [
        {
            "expert": card.expert,
            "is_me": card.expert_id == assignment.expert_id,
            "total": sum(i.points for i in card.items.all()),
            "items": {i.criterion_id: i.percentage for i in card.items.all()},
        }
        for card in cards
    ]


def expert_profile_of(user) -> ExpertProfile | None:
    return ExpertProfile.objects.filter(user=user).first()


def pool_conflicts(panel: Panel) -> list[dict]:
    """Every (expert, dossier) conflict between the active pool and the panel's dossiers."""
    profiles = list(ExpertProfile.objects.filter(user__role_grants__role=Role.EXPERT).select_related("user").distinct())
    dossiers = {row.object_id: row.dossier for row in panel.dossiers.select_related("content_type")}
    found = detect_conflicts(profiles, list(dossiers.values()))
    users = {p.user_id: p.user for p in profiles}
    return [
        {
            "expert": users[user_id],
            "object_id": key[1],
            "label": str(dossiers[key[1]]),
            "rules": rules,
            "labels": conflict_rule_labels(rules),
        }
        for (user_id, key), rules in sorted(found.items(), key=lambda kv: (kv[0][1][1], kv[0][0]))
    ]


def staff_panels(edition: Edition | None = None) -> QuerySet[Panel]:
    qs = Panel.objects.select_related("edition", "leader").annotate(
        dossier_count=Count("dossiers", distinct=True),
        member_count=Count("members", filter=Q(members__status="active"), distinct=True),
    )
    return qs.filter(edition=edition) if edition else qs


# --- panel creation ------------------------------------------------------------------------
# The review stages a staff-created panel may cover (the union of the programs' panel stages,
# in the order of review.Stage); indicator review of zones has its own path (brands.services
# builds the panel's framework from the zone's indicator tree).
def panel_stages() -> tuple[str, ...]:
    wanted = {stage for program in programs.with_panel_stages() for stage in program.states.panel_stages}
    return tuple(stage for stage in Stage.values if stage in wanted)


@dataclass
class DossierChoice:
    key: str  # "content_type_id:pk", the value posted back by the form
    dossier: object
    stage: str


def dossiers_awaiting_panel() -> list[DossierChoice]:
    """Dossiers in a review stage that no panel of that stage covers yet, oldest edition first.

    One query per dossier model plus one for the existing panel coverage.
    """
    covered = set(PanelDossier.objects.values_list("panel__stage", "content_type_id", "object_id"))
    choices = []
    for program in programs.with_panel_stages():
        model = program.model
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
        queryset = (
            model._default_manager.filter(state__in=program.states.panel_stages)
            .select_related("edition", "organization")
            .order_by("edition__year", "pk")
        )
        for dossier in queryset:
            if (dossier.state, content_type.pk, dossier.pk) not in covered:
                choices.append(DossierChoice(f"{content_type.pk}:{dossier.pk}", dossier, dossier.state))
    return choices


def awaiting_panel_querysets() -> list[QuerySet]:
    """The dossiers `dossiers_awaiting_panel` lists, as one queryset per dossier model (for counting
    without reading rows): in a review stage, with no panel of that stage covering them."""
    querysets = []
    for program in programs.with_panel_stages():
        model = program.model
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
        covered = PanelDossier.objects.filter(
            panel__stage=OuterRef("state"), content_type_id=content_type.pk, object_id=OuterRef("pk")
        )
        querysets.append(model._default_manager.filter(state__in=program.states.panel_stages).exclude(Exists(covered)))
    return querysets


# --- aggregation and ranking ---------------------------------------------------------------
@dataclass
class RankRow:
    content_type_id: int
    object_id: int
    experts: int
    scores: dict = field(default_factory=dict)  # method → composite score or None
    ranks: dict = field(default_factory=dict)  # method → rank or None
    tiers: dict = field(default_factory=dict)  # method → "award" | "nomination" | ""
    label: str = ""
    code: str = ""
    dossier: object = None

    @property
    def tier_changes(self) -> bool:
        return len({t for m, t in self.tiers.items() if self.scores.get(m) is not None}) > 1


_AGGREGATION_SQL = """
WITH weights(stage, w, method) AS (VALUES {weights}),
panel_items(panel_id, items) AS (VALUES {panel_items}),
totals AS (
    SELECT p.stage AS stage, sc.content_type_id AS ct, sc.object_id AS oid, sc.expert_id AS expert,
           CAST(SUM(i.points) AS DOUBLE PRECISION) AS total
    FROM {item} i
    JOIN {card} sc ON sc.id = i.scorecard_id
    JOIN {panel} p ON p.id = sc.panel_id
    WHERE p.edition_id = %s AND sc.is_current = %s AND sc.status = %s
    GROUP BY {totals_group_by}
),
ranked AS (
    -- Window aggregates instead of joins to per-expert and pooled statistics: one pass, and
    -- no nested-loop plans when the planner has no statistics on freshly written rows.
    SELECT stage, ct, oid, total,
           ROW_NUMBER() OVER (PARTITION BY stage, ct, oid ORDER BY total) AS rn,
           COUNT(*) OVER (PARTITION BY stage, ct, oid) AS n,
           AVG(total) OVER (PARTITION BY stage, expert) AS em,
           AVG(total * total) OVER (PARTITION BY stage, expert) AS esq,
           AVG(total) OVER (PARTITION BY stage) AS pm,
           AVG(total * total) OVER (PARTITION BY stage) AS psq
    FROM totals
),
stage_scores AS (
    SELECT stage, ct, oid, COUNT(*) AS n,
           AVG(total) AS mean,
           AVG(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN total END) AS median,
           CASE WHEN COUNT(*) >= 5 THEN (SUM(total) - MIN(total) - MAX(total)) / (COUNT(*) - 2) END AS trimmed,
           MIN(pm) + AVG(CASE WHEN esq - em * em > 1e-9 THEN (total - em) / SQRT(esq - em * em) ELSE 0 END)
                   * SQRT(CASE WHEN MIN(psq) - MIN(pm) * MIN(pm) > 1e-9 THEN MIN(psq) - MIN(pm) * MIN(pm) ELSE 0 END)
             AS zmean
    FROM ranked
    GROUP BY stage, ct, oid
),
consensus AS (
    -- Complete when the leader agreed every item of the panel's own framework: a panel may score
    -- a subset of the edition's criteria (a zone panel scores only the expert-scored indicators).
    SELECT p.stage AS stage, c.content_type_id AS ct, c.object_id AS oid,
           CAST(SUM(c.points) AS DOUBLE PRECISION) AS total, COUNT(*) AS items, MAX(pi.items) AS expected
    FROM {consensus} c JOIN {panel} p ON p.id = c.panel_id JOIN panel_items pi ON pi.panel_id = p.id
    WHERE p.edition_id = %s
    GROUP BY p.stage, c.content_type_id, c.object_id
),
per_stage AS (
    SELECT s.stage, s.ct, s.oid, s.n, s.mean, s.median, s.trimmed, s.zmean,
           CASE WHEN c.items = c.expected THEN c.total END AS consensus, w.w AS w, w.method AS method
    FROM stage_scores s JOIN weights w ON w.stage = s.stage
    LEFT JOIN consensus c ON c.stage = s.stage AND c.ct = s.ct AND c.oid = s.oid
),
picked AS (
    -- The score under the method chosen for each stage (per-stage setting, else the edition's).
    SELECT per_stage.*, CASE method {picks} END AS chosen FROM per_stage
),
composite AS (
    SELECT ct, oid, MIN(n) AS n, COUNT(*) AS stages,
           {composites}
    FROM picked GROUP BY ct, oid
)
SELECT ct, oid, n, {columns}, {ranks}
FROM composite
"""

_COLUMN = {
    CHOSEN: "chosen",
    AggregationMethod.CONSENSUS: "consensus",
    AggregationMethod.MEAN: "mean",
    AggregationMethod.TRIMMED_MEAN: "trimmed",
    AggregationMethod.MEDIAN: "median",
    AggregationMethod.ZSCORE_MEAN: "zmean",
}


# The per-scorecard totals' grouping (docs/performance.md, "Expert queue and ranking page"). SQLite:
# by the two primary keys, in the order its joins produce the rows (each panel, then its scorecards
# through their (panel, is_current, status) index), so it sums each scorecard as its item scores
# stream past instead of sorting them all first. PostgreSQL hashes either way, but plans the
# primary keys' grouping for as many groups as item scores (a spilling hash, a JIT-compiled plan):
# there the grouping names the columns. The other columns depend on the keys; the sums are the same.
_TOTALS_GROUP_BY = {
    "sqlite": "p.id, sc.id",
    "postgresql": "sc.id, p.stage, sc.content_type_id, sc.object_id, sc.expert_id",
}


def _build_sql(
    stage_weights: dict[str, float], stage_methods: dict[str, str], panel_items: dict[int, int]
) -> tuple[str, list]:
    weights_sql = ", ".join(
        ["(CAST(%s AS VARCHAR(20)), CAST(%s AS DOUBLE PRECISION), CAST(%s AS VARCHAR(20)))"] * len(stage_weights)
    )
    panel_items_sql = ", ".join(["(CAST(%s AS BIGINT), CAST(%s AS BIGINT))"] * len(panel_items))
    # Method names are our own constants, never user input.
    picks = " ".join(f"WHEN '{method}' THEN {_COLUMN[method]}" for method in METHODS)
    total_weight = float(sum(stage_weights.values())) or 1.0
    n_stages = len(stage_weights)
    # A composite exists only when the dossier has a score under that method in every weighted stage.
    composites = ",\n           ".join(
        f"CASE WHEN COUNT({col}) = {n_stages} THEN SUM(w * {col}) / {total_weight!r} END AS {col}"
        for col in _COLUMN.values()
    )
    columns = ", ".join(_COLUMN.values())
    ranks = ", ".join(
        f"CASE WHEN {col} IS NULL THEN NULL ELSE RANK() OVER (ORDER BY CASE WHEN {col} IS NULL THEN 1 ELSE 0 END, {col} DESC) END AS rank_{col}"
        for col in _COLUMN.values()
    )
    sql = _AGGREGATION_SQL.format(
        totals_group_by=_TOTALS_GROUP_BY.get(connection.vendor, _TOTALS_GROUP_BY["postgresql"]),
        weights=weights_sql,
        panel_items=panel_items_sql,
        item=ItemScore._meta.db_table,
        card=Scorecard._meta.db_table,
        panel=Panel._meta.db_table,
        consensus=ConsensusItem._meta.db_table,
        composites=composites,
        picks=picks,
        columns=columns,
        ranks=ranks,
    )
    params: list = []
    for stage, weight in stage_weights.items():
        params += [stage, float(weight), stage_methods[stage]]
    for panel_id, items in panel_items.items():
        params += [panel_id, items]
    return sql, params


def _panel_item_counts(edition: Edition) -> dict[int, int]:
    """Items (leaf criteria) each of the edition's panels scores: its own framework, else the edition's."""
    panels = dict(Panel.objects.filter(edition=edition).values_list("pk", "framework_id"))
    framework_of = {pk: framework_id or edition.criteria_framework_id for pk, framework_id in panels.items()}
    counts = dict(
        Criterion.objects.filter(framework_id__in=set(framework_of.values()), parent__isnull=False)
        .values("framework_id")
        .annotate(n=Count("pk"))
        .values_list("framework_id", "n")
    )
    return {pk: counts.get(framework_id, 0) for pk, framework_id in framework_of.items()}


def _assign_tiers(rows: list[RankRow], method: str, edition: Edition) -> None:
    award_left = edition.award_quota
    nomination_left = edition.nomination_quota
    award_min = float(edition.award_min_score)
    nomination_min = float(edition.nomination_min_score)
    for row in rows:
        row.tiers[method] = ""
    if not (award_left or nomination_left):
        return
    ordered = sorted((r for r in rows if r.scores[method] is not None), key=lambda r: r.ranks[method])
    for row in ordered:
        score = row.scores[method]
        if award_left and score >= award_min:
            row.tiers[method] = "award"
            award_left -= 1
        elif nomination_left and score >= nomination_min:
            row.tiers[method] = "nomination"
            nomination_left -= 1
        elif not (award_left or nomination_left):
            break


def rank_edition(
    edition: Edition,
    *,
    stages: list[str] | None = None,
    with_labels: bool = True,
    rules=None,
    used_stages: set[str] | None = None,
) -> list[RankRow]:
    """Every dossier's composite score and rank under every aggregation method, and its tier.

    Aggregation runs in one SQL statement (window functions; SQLite ≥ 3.25 and PostgreSQL):
    per-expert totals from item scores, per-stage mean / median / trimmed mean (≥ 5 scores) /
    z-score normalised mean / consensus, weighted composite over the edition's stage weights,
    rank per method. The ORM cannot aggregate over window results, hence raw SQL.
    scores[CHOSEN] is the official composite: each stage under the method chosen for that stage
    (ReviewSettings.method_for); scores[method] applies one method to every stage (sensitivity).
    `stages` limits the composite to some stages (e.g. the material-review cut).
    Rows come back ordered by the official composite. A page that also shows the edition's
    settings (`rules`, from review_settings_for) or its panels' stages passes them in, so they are
    read once.
    """
    rules = rules or review_settings_for(edition)
    used = (
        used_stages
        if used_stages is not None
        else set(Panel.objects.filter(edition=edition).values_list("stage", flat=True))
    )
    wanted = stages or list(used)
    weights = {s: float(rules.stage_weights.get(s, 0)) for s in wanted if s in used and rules.stage_weights.get(s, 0)}
    if not weights:
        # No weighted stage has scores (a zone edition's indicator review, say, when the weights
        # list only the award stages): the stages used count equally; a stage weighted 0 on
        # purpose stays out, unless the caller asked for it by name (docs/committee.md).
        weights = {s: 1.0 for s in wanted if s in used and (stages or s not in (rules.stage_weights or {}))}
    if not weights:
        return []
    sql, params = _build_sql(
        weights, {stage: rules.method_for(stage) for stage in weights}, _panel_item_counts(edition)
    )
    params += [edition.pk, True, Scorecard.Status.SUBMITTED, edition.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        raw = cursor.fetchall()
    keys = [str(m) for m in _COLUMN]
    width = len(keys)
    rows = []
    for record in raw:
        values = record[3 : 3 + width]
        rank_values = record[3 + width :]
        rows.append(
            RankRow(
                content_type_id=record[0],
                object_id=record[1],
                experts=record[2],
                scores=dict(zip(keys, [None if v is None else round(float(v), 2) for v in values], strict=True)),
                ranks=dict(zip(keys, [None if r is None else int(r) for r in rank_values], strict=True)),
            )
        )
    for method in COLUMNS:
        _assign_tiers(rows, method, edition)
    official = CHOSEN
    rows.sort(key=lambda r: (r.ranks[official] is None, r.ranks[official] or 0, r.object_id))
    if with_labels:
        attach_dossiers(rows)
    return rows


def attach_dossiers(rows: list[RankRow]) -> None:
    """Each row's dossier, label and code, in one query per dossier model (lists: only the shown rows)."""
    ids_by_ct: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        ids_by_ct[row.content_type_id].append(row.object_id)
    found = {}
    for ct_id, ids in ids_by_ct.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        for obj in model._default_manager.filter(pk__in=ids).select_related("organization"):
            found[(ct_id, obj.pk)] = obj
    for row in rows:
        row.dossier = found.get((row.content_type_id, row.object_id))
        row.label = str(getattr(row.dossier, "organization", row.dossier) or "")
        row.code = getattr(row.dossier, "reference_no", None) or f"#{row.object_id:05d}"


def ballots_of(edition: Edition) -> dict[tuple[int, int], CommitteeBallot]:
    return {(b.content_type_id, b.object_id): b for b in CommitteeBallot.objects.filter(edition=edition)}


# --- statistics -----------------------------------------------------------------------------
@dataclass
class PanelStatistics:
    experts: list
    dossier_keys: list
    matrix: list  # complete rows only: dossiers × experts totals
    icc: float | None
    kendall_w: float | None
    severity: dict  # expert id → mean (own − dossier mean)
    spread_flags: list  # (object_id, spread)
    totals: list  # every total, for the distribution chart
    categories: dict  # object_id → [(category code, title, percentage)]


def panel_statistics(panel: Panel) -> PanelStatistics:
    """Reliability (ICC(2,k), Kendall's W) on the complete part of the panel's score matrix, severity, spread."""
    rows = (
        ItemScore.objects.filter(
            scorecard__panel=panel, scorecard__is_current=True, scorecard__status=Scorecard.Status.SUBMITTED
        )
        .values("scorecard__object_id", "scorecard__expert_id")
        .annotate(total=Sum("points"))
        .order_by("scorecard__object_id", "scorecard__expert_id")
    )
    cells: dict[int, dict[int, float]] = defaultdict(dict)
    for row in rows:
        cells[row["scorecard__object_id"]][row["scorecard__expert_id"]] = float(row["total"])
    experts = sorted({e for per in cells.values() for e in per})
    # Keep experts who scored every dossier (replacements score only some); then complete dossiers.
    full_experts = [e for e in experts if all(e in per for per in cells.values())]
    dossier_ids = sorted(cells)
    matrix = [[cells[d][e] for e in full_experts] for d in dossier_ids] if full_experts else []
    severity = {}
    for expert in experts:
        diffs = [per[expert] - sum(per.values()) / len(per) for per in cells.values() if expert in per]
        severity[expert] = round(sum(diffs) / len(diffs), 2) if diffs else None
    rules = review_settings_for(panel.edition)
    framework_total = sum(
        Criterion.objects.filter(framework_id=panel.scoring_framework_id, parent__isnull=True).values_list(
            "max_points", flat=True
        )
    )
    spread_limit = rules.deviation_limit * framework_total / 100
    spread_flags = [
        (d, round(max(per.values()) - min(per.values()), 2))
        for d, per in cells.items()
        if len(per) > 1 and max(per.values()) - min(per.values()) > spread_limit
    ]
    categories: dict[int, list] = defaultdict(list)
    for row in (
        ItemScore.objects.filter(
            scorecard__panel=panel, scorecard__is_current=True, scorecard__status=Scorecard.Status.SUBMITTED
        )
        .values(
            "scorecard__object_id",
            "criterion__parent__code",
            "criterion__parent__title",
            "criterion__parent__max_points",
        )
        .annotate(points=Sum("points"), experts=Count("scorecard", distinct=True))
        .order_by("scorecard__object_id", "criterion__parent__code")
    ):
        share = float(row["points"]) / row["experts"] / row["criterion__parent__max_points"] * 100
        categories[row["scorecard__object_id"]].append(
            (row["criterion__parent__code"], row["criterion__parent__title"], round(share, 1))
        )
    return PanelStatistics(
        experts=full_experts,
        dossier_keys=dossier_ids,
        matrix=matrix,
        icc=icc_2k(matrix) if matrix else None,
        kendall_w=kendalls_w(matrix) if matrix else None,
        severity=severity,
        spread_flags=spread_flags,
        totals=[v for per in cells.values() for v in per.values()],
        categories=dict(categories),
    )


EXPORT_CHUNK = 2000


def export_row_count(edition: Edition) -> int:
    """How many item scores `export_rows` yields after its header (one COUNT)."""
    return ItemScore.objects.filter(scorecard__panel__edition=edition).count()


def export_jobs_of(edition: Edition) -> QuerySet:
    """The edition's export jobs, newest first, with who asked (one query a page)."""
    from .models import ExportJob

    return ExportJob.objects.filter(edition=edition).select_related("requested_by").order_by("-created_at", "-pk")


def export_rows(edition: Edition) -> Iterator[list]:
    """Every current item score of the edition, flat, for XLSX/CSV: the header, then one list per score.

    Read as plain values in chunks of EXPORT_CHUNK rows (no model instances), so memory stays flat
    whatever the edition's size; labels and expert names are looked up once, not per row.
    """
    yield [
        gettext("阶段"),
        gettext("评审组"),
        gettext("材料编号"),
        gettext("专家"),
        gettext("版本"),
        gettext("状态"),
        gettext("条款"),
        gettext("得分率"),
        gettext("得分"),
        gettext("优势"),
        "改进机会 OFIs",
        gettext("偏离说明"),
    ]
    stage_labels = dict(Stage.choices)
    status_labels = dict(Scorecard.Status.choices)
    scores = ItemScore.objects.filter(scorecard__panel__edition=edition)
    expert_names = {
        user.pk: str(user)
        for user in get_user_model()
        .objects.filter(pk__in=scores.values("scorecard__expert_id"))
        .only("pk", "username", "full_name")
    }
    rows = scores.order_by(
        "scorecard__panel__stage",
        "scorecard__object_id",
        "scorecard__expert_id",
        "scorecard__version",
        "criterion__order",
    ).values_list(
        "scorecard__panel__stage",
        "scorecard__panel__name",
        "scorecard__assignment__code",
        "scorecard__expert_id",
        "scorecard__version",
        "scorecard__status",
        "criterion__code",
        "percentage",
        "points",
        "strengths",
        "opportunities",
        "deviation_reason",
    )
    for stage, panel, code, expert_id, version, status, item, percentage, points, *texts in rows.iterator(
        chunk_size=EXPORT_CHUNK
    ):
        yield [
            str(stage_labels.get(stage, stage)),
            panel,
            code,
            expert_names.get(expert_id, ""),
            version,
            str(status_labels.get(status, status)),
            item,
            percentage,
            float(points),
            *texts,
        ]


def conflict_rule_labels(rules: list[str]) -> list[str]:
    return [Rule.LABELS.get(r, r) for r in rules]


def applicant_avoidance_requests(dossier) -> QuerySet[AvoidanceRequest]:
    """The avoidance requests the applying organisation filed for this dossier, newest first.

    Only what the applicant typed is meant for display: never the `expert` staff may have linked.
    """
    ct_id, object_id = dossier_key(dossier)
    return (
        AvoidanceRequest.objects.filter(
            content_type_id=ct_id,
            object_id=object_id,
            requested_by__memberships__organization_id=dossier.organization_id,
        )
        .only("expert_name", "organization_name", "organization_credit_code", "reason", "status", "requested_at")
        .order_by("-requested_at", "-id")
    )


# --- expert pool -----------------------------------------------------------------------------
def expert_pool() -> QuerySet[ExpertProfile]:
    """The whole pool for the secretariat's list and the export, with what the export's cells need."""
    return (
        ExpertProfile.objects.select_related("user")
        .prefetch_related("past_employments", "ties")
        .order_by("user__full_name", "user__username")
    )
