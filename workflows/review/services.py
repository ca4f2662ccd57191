"""Expert review writes: conflicts, draws, panels, scoring, amendments, consensus, committee.

Generic API (any program may use it; awards now, demonstration zones next)
-------------------------------------------------------------------------
A *dossier* is any model instance with an integer pk and these attributes (duck typing,
nothing here imports a program app):

    dossier.organization   accounts.Organization (credit_code, group_name, region_code)
    dossier.edition        workflows.Edition
    dossier.state          FSM state; committee outcome calls perform_transition(dossier,
                           "propose", tier=...) or perform_transition(dossier, "eliminate")
    dossier.reference_no   optional; shown as the blind code

Typical flow (staff):
    panel = create_panel(edition, stage=Stage.MATERIAL_REVIEW, name="第一组", dossiers=[...],
                         deadline=..., actor=staff, framework=None)   # None → edition.criteria_framework
    draw_panel(panel, actor=staff, seed=None)    # seed recorded on the Draw; reproduce_draw(draw) re-runs it
    set_panel_leader(panel, leader_user, actor=staff)
Experts:
    declare_conflict(assignment, has_conflict=False, reason="", actor=expert)   # before any material
    save_scorecard(assignment, items={criterion_id: {"percentage": 70, "strengths": ..., ...}}, actor=expert)
    submit_scorecard(assignment, items=..., actor=expert)   # may raise DeviationReasonRequired(flagged)
Leader / staff:
    record_consensus(panel, dossier, items={criterion_id: (percentage, rationale)}, actor=leader)
    finalize_panel(panel, actor=staff)
    record_ballot(dossier, tier=..., members_present=..., votes_for=..., votes_against=..., abstentions=..., actor=...)
Aggregation, ranking and statistics are reads: see selectors.py (rank_edition, panel_statistics).

Zones reuse this by making their indicator tree a CriteriaFramework and naming it on the Panel.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, region_prefix
from accounts.roles import Role
from workflows.exceptions import ConflictOfInterest, NotPermitted
from workflows.models import Criterion, Edition
from workflows.services import append_transition_log, perform_transition

from .exceptions import DeviationReasonRequired, IncompleteScorecard, NotEnoughExperts, ReviewError, ScoreSealed
from .models import (
    AmendmentRequest,
    Assignment,
    AvoidanceRequest,
    CommitteeBallot,
    ConflictDeclaration,
    ConflictOverride,
    ConsensusItem,
    ConsultancyTie,
    Draw,
    ExpertProfile,
    ItemScore,
    Panel,
    PanelDossier,
    PanelMember,
    PastEmployment,
    ReviewSettings,
    Scorecard,
    validate_percentage,
)


class Rule:
    """Conflict-of-interest rules. Automatic ones may be overridden by staff with a justification."""

    SAME_EMPLOYER = "same_employer"
    FORMER_EMPLOYER = "former_employer"
    CONSULTANCY = "consultancy"
    SAME_GROUP = "same_group"
    SAME_REGION = "same_region"
    DECLARED = "declared"
    APPLICANT_REQUEST = "applicant_request"

    AUTOMATIC = {SAME_EMPLOYER, FORMER_EMPLOYER, CONSULTANCY, SAME_GROUP, SAME_REGION}
    LABELS = {
        SAME_EMPLOYER: "现任职单位相同 same current employer",
        FORMER_EMPLOYER: "近年曾任职 former employer within the recusal period",
        CONSULTANCY: "咨询/辅导关系 consultancy or coaching tie",
        SAME_GROUP: "同一集团 same corporate group",
        SAME_REGION: "同一地区（须异地评审） same region (cross-region panels required)",
        DECLARED: "本人声明回避 expert's own declaration",
        APPLICANT_REQUEST: "申报单位申请回避 applicant-requested avoidance",
    }


def _is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_secretariat)


def _require_staff(user) -> None:
    if not _is_staff(user):
        raise NotPermitted()


def dossier_key(dossier) -> tuple[int, int]:
    return ContentType.objects.get_for_model(dossier, for_concrete_model=True).id, dossier.pk


def review_settings_for(edition: Edition) -> ReviewSettings:
    """The edition's review rules; created with defaults the first time they are needed."""
    found, _ = ReviewSettings.objects.get_or_create(edition=edition)
    return found


# --- conflicts of interest ---------------------------------------------------------------
def detect_conflicts(
    profiles: Sequence[ExpertProfile], dossiers: Sequence, *, today: dt.date | None = None
) -> dict[tuple[int, tuple[int, int]], list[str]]:
    """Every conflict between the given experts and dossiers, in a fixed number of queries.

    Returns {(expert user id, (content type id, dossier id)): [rule, ...]} for conflicted pairs only.
    Staff overrides remove the automatic rules they name; declarations and accepted or pending
    applicant requests always count.
    """
    today = today or timezone.localdate()
    if not profiles or not dossiers:
        return {}
    user_ids = [p.user_id for p in profiles]
    profile_ids = [p.pk for p in profiles]
    keys = {dossier_key(d): d for d in dossiers}
    orgs = {key: d.organization for key, d in keys.items()}

    years_by_edition: dict[int, ReviewSettings] = {}
    for d in dossiers:
        if d.edition_id not in years_by_edition:
            years_by_edition[d.edition_id] = review_settings_for(d.edition)

    past = defaultdict(list)
    for row in PastEmployment.objects.filter(expert_id__in=profile_ids):
        past[row.expert_id].append(row)
    ties = defaultdict(list)
    for row in ConsultancyTie.objects.filter(expert_id__in=profile_ids):
        ties[row.expert_id].append(row)
    # Groups of the experts' employers, when those employers are registered organisations.
    codes = {p.employer_credit_code for p in profiles if p.employer_credit_code}
    codes |= {row.credit_code for rows in past.values() for row in rows}
    group_by_code = dict(
        Organization.objects.filter(credit_code__in=codes)
        .exclude(group_name="")
        .values_list("credit_code", "group_name")
    )
    ct_ids = {ct for ct, _ in keys}
    object_ids = {pk for _, pk in keys}

    def _pairs(model, **extra):
        return {
            (row["expert_id"], (row["content_type_id"], row["object_id"]))
            for row in model.objects.filter(
                expert_id__in=user_ids, content_type_id__in=ct_ids, object_id__in=object_ids, **extra
            ).values("expert_id", "content_type_id", "object_id")
        }

    declared = _pairs(ConflictDeclaration, has_conflict=True)
    requested = _avoidance_pairs(
        profiles,
        ct_ids,
        object_ids,
        past=past,
        ties=ties,
        cutoff_for=lambda key: _years_before(today, years_by_edition[keys[key].edition_id].former_employer_years),
    )
    overrides = {
        (row["expert_id"], (row["content_type_id"], row["object_id"]), row["rule"])
        for row in ConflictOverride.objects.filter(
            expert_id__in=user_ids, content_type_id__in=ct_ids, object_id__in=object_ids
        ).values("expert_id", "content_type_id", "object_id", "rule")
    }

    found: dict[tuple[int, tuple[int, int]], list[str]] = {}
    for profile in profiles:
        own_groups = {profile.employer_group} if profile.employer_group else set()
        own_groups |= {group_by_code[c] for c in [profile.employer_credit_code] if c in group_by_code}
        for row in past[profile.pk]:
            if row.group_name:
                own_groups.add(row.group_name)
            if row.credit_code in group_by_code:
                own_groups.add(group_by_code[row.credit_code])
        for key, org in orgs.items():
            rules_settings = years_by_edition[keys[key].edition_id]
            cutoff = _years_before(today, rules_settings.former_employer_years)
            rules = []
            if profile.employer_credit_code and profile.employer_credit_code == org.credit_code:
                rules.append(Rule.SAME_EMPLOYER)
            if any(r.credit_code == org.credit_code and r.ended_on >= cutoff for r in past[profile.pk]):
                rules.append(Rule.FORMER_EMPLOYER)
            if any(
                t.credit_code == org.credit_code and (t.ended_on is None or t.ended_on >= cutoff)
                for t in ties[profile.pk]
            ):
                rules.append(Rule.CONSULTANCY)
            if org.group_name and org.group_name in own_groups:
                rules.append(Rule.SAME_GROUP)
            if rules_settings.require_cross_region and region_prefix(profile.region_code)[:4] == org.region_code[:4]:
                rules.append(Rule.SAME_REGION)
            rules = [r for r in rules if (profile.user_id, key, r) not in overrides]
            if (profile.user_id, key) in declared:
                rules.append(Rule.DECLARED)
            if (profile.user_id, key) in requested:
                rules.append(Rule.APPLICANT_REQUEST)
            if rules:
                found[(profile.user_id, key)] = rules
    return found


def _normalized(text: str) -> str:
    """Compare names as typed: no spaces (half- or full-width), case-insensitive."""
    return "".join((text or "").split()).casefold()


def _avoidance_pairs(
    profiles: Sequence[ExpertProfile], ct_ids, object_ids, *, past, ties, cutoff_for
) -> set[tuple[int, tuple[int, int]]]:
    """(expert user id, dossier key) pairs barred by pending or accepted applicant requests.

    A request names an expert (linked by staff, or by the name the applicant typed) and/or an
    organisation (credit code or name). The named organisation is treated like the applicant's own:
    its current staff, its former staff within the edition's years, and experts with a consultancy
    or coaching tie to it in that time are barred. `past` / `ties` are the experts' rows by profile
    id and `cutoff_for(dossier key)` the earliest end date that still counts (from detect_conflicts).
    One query, plus one for the experts' names when a request gives a name.
    """
    requests = list(
        AvoidanceRequest.objects.filter(
            content_type_id__in=ct_ids,
            object_id__in=object_ids,
            status__in=[AvoidanceRequest.Status.PENDING, AvoidanceRequest.Status.ACCEPTED],
        ).values(
            "content_type_id", "object_id", "expert_id", "expert_name", "organization_name", "organization_credit_code"
        )
    )
    if not requests:
        return set()
    names = {}
    if any(r["expert_name"] for r in requests):
        from django.contrib.auth import get_user_model

        names = {
            pk: _normalized(full_name)
            for pk, full_name in get_user_model()
            .objects.filter(pk__in=[p.user_id for p in profiles])
            .values_list("pk", "full_name")
            if full_name
        }
    barred = set()
    for request in requests:
        key = (request["content_type_id"], request["object_id"])
        name = _normalized(request["expert_name"])
        org_name = _normalized(request["organization_name"])
        code = request["organization_credit_code"].strip().upper()

        def is_named(credit_code: str, organization_name: str, code=code, org_name=org_name) -> bool:
            return bool(
                (code and credit_code.upper() == code) or (org_name and _normalized(organization_name) == org_name)
            )

        cutoff = cutoff_for(key)
        for profile in profiles:
            if (
                request["expert_id"] == profile.user_id
                or (name and names.get(profile.user_id) == name)
                or is_named(profile.employer_credit_code, profile.employer_name)
                or any(
                    is_named(row.credit_code, row.organization_name) and row.ended_on >= cutoff
                    for row in past[profile.pk]
                )
                or any(
                    is_named(tie.credit_code, tie.organization_name)
                    and (tie.ended_on is None or tie.ended_on >= cutoff)
                    for tie in ties[profile.pk]
                )
            ):
                barred.add((profile.user_id, key))
    return barred


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def conflicts_between(expert, dossier) -> list[str]:
    """The conflict rules that bar this expert (a user) from this dossier; [] when clean."""
    profile = ExpertProfile.objects.filter(user=expert).first()
    if profile is None:
        return []
    return detect_conflicts([profile], [dossier]).get((expert.pk, dossier_key(dossier)), [])


def override_conflict(expert, dossier, *, rule: str, justification: str, actor) -> ConflictOverride:
    """Staff decide an automatic rule does not apply. Needs a written justification; logged."""
    _require_staff(actor)
    if rule not in Rule.AUTOMATIC:
        raise ReviewError(
            "只有自动识别的回避情形可以认定例外。Only automatically detected conflicts can be overridden."
        )
    if len((justification or "").strip()) < 10:
        raise ReviewError("请填写书面理由（至少10个字）。Give a written justification (at least 10 characters).")
    ct_id, object_id = dossier_key(dossier)
    with transaction.atomic():
        override, _ = ConflictOverride.objects.update_or_create(
            expert=expert,
            content_type_id=ct_id,
            object_id=object_id,
            rule=rule,
            defaults={"justification": justification.strip(), "decided_by": actor},
        )
        append_transition_log(
            dossier,
            transition="review.conflict_override",
            from_state=dossier.state,
            to_state=dossier.state,
            actor=actor,
            reason=f"expert={expert.pk} rule={rule}: {justification.strip()}",
        )
    return override


def request_avoidance(dossier, *, expert, reason: str, actor) -> AvoidanceRequest:
    """Record that `expert` (a pool user) must not review the dossier; staff or tests naming a known expert.

    Applicants use file_avoidance_request (they name people, not accounts). Counts as a conflict
    unless staff reject it.
    """
    if not (reason or "").strip():
        raise ReviewError("请说明申请回避的理由。Give the reason for the avoidance request.")
    ct_id, object_id = dossier_key(dossier)
    return AvoidanceRequest.objects.create(
        content_type_id=ct_id, object_id=object_id, expert=expert, reason=reason.strip(), requested_by=actor
    )


def file_avoidance_request(
    dossier,
    *,
    actor,
    reason: str,
    open_states: Iterable[str],
    expert_name: str = "",
    organization_name: str = "",
    organization_credit_code: str = "",
) -> AvoidanceRequest:
    """An applicant asks that a named expert and/or an organisation's experts not review its dossier.

    Only members of the dossier's organisation, only while the dossier is in one of `open_states`
    (the program decides which states are still undecided). The answer never says whether the
    name matches anyone in the pool. Raises NotPermitted, ReviewError.
    """
    if not (actor and actor.is_authenticated and dossier.organization.memberships.filter(user=actor).exists()):
        raise NotPermitted("只有申报单位的用户可以申请回避。Only the applying organisation may request avoidance.")
    if dossier.state not in set(open_states):
        raise ReviewError("评审已有结果，不能再申请回避。The review is decided; avoidance can no longer be requested.")
    expert_name, organization_name = (expert_name or "").strip(), (organization_name or "").strip()
    organization_credit_code = (organization_credit_code or "").strip().upper()
    if not (expert_name or organization_name or organization_credit_code):
        raise ReviewError("请填写需回避的专家姓名或单位。Name the expert or the organisation to avoid.")
    if not (reason or "").strip():
        raise ReviewError("请说明申请回避的理由。Give the reason for the avoidance request.")
    ct_id, object_id = dossier_key(dossier)
    # The row itself is the record (who, when, what was typed); it is not put in the dossier's
    # transition log, which recommenders read.
    return AvoidanceRequest.objects.create(
        content_type_id=ct_id,
        object_id=object_id,
        expert_name=expert_name,
        organization_name=organization_name,
        organization_credit_code=organization_credit_code,
        reason=reason.strip(),
        requested_by=actor,
    )


def set_availability(profile: ExpertProfile, *, available: bool, note: str, actor) -> None:
    if actor.pk != profile.user_id and not _is_staff(actor):
        raise NotPermitted()
    profile.is_available = available
    profile.unavailable_note = "" if available else (note or "").strip()
    profile.save(update_fields=["is_available", "unavailable_note"])


def add_declaration(profile: ExpertProfile, row: PastEmployment | ConsultancyTie, *, actor) -> None:
    """An expert declares a past employer or a consultancy/coaching tie (feeds the automatic rules)."""
    if actor.pk != profile.user_id and not _is_staff(actor):
        raise NotPermitted()
    row.expert = profile
    row.save()


# --- random draw -------------------------------------------------------------------------
def run_draw(candidate_ids: Sequence[int], strata: dict, count: int, seed: str) -> list[int]:
    """Stratified draw: shuffle each stratum and the strata order, then take one per stratum in turn.

    Pure function of its arguments, so a recorded Draw can be re-run by anyone.
    """
    rng = random.Random(seed)
    by_stratum: dict[str, list[int]] = defaultdict(list)
    for user_id in sorted(candidate_ids):
        by_stratum[str(strata[str(user_id)])].append(user_id)
    order = sorted(by_stratum)
    rng.shuffle(order)
    for name in order:
        rng.shuffle(by_stratum[name])
    drawn: list[int] = []
    while len(drawn) < count and any(by_stratum[name] for name in order):
        for name in order:
            if by_stratum[name] and len(drawn) < count:
                drawn.append(by_stratum[name].pop())
    return drawn


def reproduce_draw(draw: Draw) -> list[int]:
    return run_draw(draw.candidate_ids, draw.strata, draw.count, draw.seed)


def _stratum(profile: ExpertProfile, wanted: list[str]) -> str:
    specialty = next((s for s in profile.specialty_list if s in wanted), profile.primary_specialty) or "-"
    return f"{specialty}|{region_prefix(profile.region_code)[:4]}"


def _eligible_profiles(panel: Panel, dossiers: Sequence, exclude_user_ids: Iterable[int]) -> list[ExpertProfile]:
    profiles = list(
        ExpertProfile.objects.filter(is_available=True, user__is_active=True, user__role_grants__role=Role.EXPERT)
        .exclude(user_id__in=list(exclude_user_ids))
        .distinct()
        .order_by("user_id")
    )
    conflicts = detect_conflicts(profiles, dossiers)
    conflicted = {user_id for user_id, _ in conflicts}
    return [p for p in profiles if p.user_id not in conflicted]


def _dossiers_of(panel: Panel) -> list:
    return [row.dossier for row in panel.dossiers.select_related("content_type")]


def _record_draw(panel, *, kind, profiles, count, seed, reason, actor) -> Draw:
    wanted = [s.strip() for s in panel.specialty_codes.split(",") if s.strip()]
    strata = {str(p.user_id): _stratum(p, wanted) for p in profiles}
    candidate_ids = [p.user_id for p in profiles]
    drawn = run_draw(candidate_ids, strata, count, seed)
    draw = Draw.objects.create(
        panel=panel,
        kind=kind,
        seed=seed,
        candidate_ids=candidate_ids,
        strata=strata,
        count=count,
        drawn_ids=drawn,
        reason=reason,
        drawn_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    append_transition_log(
        panel,
        transition=f"review.draw.{kind}",
        from_state="",
        to_state="drawn",
        actor=actor,
        reason=f"seed={seed} candidates={len(candidate_ids)} drawn={drawn} {reason}".strip(),
    )
    return draw


def _dossier_label(dossier) -> tuple[str, str]:
    code = getattr(dossier, "reference_no", None) or f"#{dossier.pk:05d}"
    return str(getattr(dossier, "organization", dossier)), code


def _assign(panel: Panel, expert_id: int, dossiers: Sequence) -> None:
    for dossier in dossiers:
        label, code = _dossier_label(dossier)
        ct_id, object_id = dossier_key(dossier)
        Assignment.objects.get_or_create(
            panel=panel,
            expert_id=expert_id,
            content_type_id=ct_id,
            object_id=object_id,
            defaults={"label": label, "code": code},
        )


def create_panel(
    edition: Edition,
    *,
    stage: str,
    name: str,
    dossiers: Sequence,
    deadline: dt.datetime,
    actor,
    size: int | None = None,
    specialty_codes: str = "",
    framework=None,
) -> Panel:
    """Staff create an examiner team for a stage and the dossiers it will review."""
    _require_staff(actor)
    rules = review_settings_for(edition)
    with transaction.atomic():
        panel = Panel.objects.create(
            edition=edition,
            stage=stage,
            name=name,
            deadline=deadline,
            size=size or rules.panel_size,
            specialty_codes=specialty_codes,
            framework=framework,
        )
        for dossier in dossiers:
            if dossier.edition_id != edition.pk:
                raise ReviewError("材料不属于本届次。A dossier belongs to another edition.")
            ct_id, object_id = dossier_key(dossier)
            PanelDossier.objects.create(panel=panel, content_type_id=ct_id, object_id=object_id)
    return panel


def draw_panel(panel: Panel, *, actor, seed: str | None = None) -> Draw:
    """Draw the panel's experts at random, stratified by specialty and region, excluding conflicts.

    The seed (random unless given) and the ordered candidate list are stored on the Draw.
    Raises NotEnoughExperts without writing anything when the pool is too small.
    """
    _require_staff(actor)
    seed = seed or secrets.token_hex(8)
    given = panel
    with transaction.atomic():
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        if panel.members.exists():
            raise ReviewError("该评审组已抽取专家。Experts were already drawn for this panel.")
        dossiers = _dossiers_of(panel)
        profiles = _eligible_profiles(panel, dossiers, exclude_user_ids=[])
        if len(profiles) < panel.size:
            raise NotEnoughExperts()
        draw = _record_draw(
            panel, kind=Draw.Kind.INITIAL, profiles=profiles, count=panel.size, seed=seed, reason="", actor=actor
        )
        for user_id in draw.drawn_ids:
            PanelMember.objects.create(panel=panel, expert_id=user_id, draw=draw)
            _assign(panel, user_id, dossiers)
        if panel.leader_id is None:
            panel.leader_id = draw.drawn_ids[0]
            panel.save(update_fields=["leader"])
    given.leader_id = panel.leader_id
    return draw


def set_panel_leader(panel: Panel, leader, *, actor) -> None:
    _require_staff(actor)
    if not panel.members.filter(expert=leader, status=PanelMember.Status.ACTIVE).exists():
        raise ReviewError("组长须为本组专家。The team leader must be a member of the panel.")
    panel.leader = leader
    panel.save(update_fields=["leader"])


def _replace(panel: Panel, dossiers: Sequence, *, reason: str, actor) -> int:
    previous = set(panel.members.values_list("expert_id", flat=True))
    profiles = _eligible_profiles(panel, dossiers, exclude_user_ids=previous)
    if not profiles:
        raise NotEnoughExperts()
    seed = f"{panel.draws.order_by('id').first().seed}:{panel.draws.count()}"
    draw = _record_draw(
        panel, kind=Draw.Kind.REPLACEMENT, profiles=profiles, count=1, seed=seed, reason=reason, actor=actor
    )
    user_id = draw.drawn_ids[0]
    PanelMember.objects.create(panel=panel, expert_id=user_id, draw=draw)
    _assign(panel, user_id, dossiers)
    return user_id


def decline_panel(panel: Panel, *, expert, reason: str, actor) -> int:
    """An expert declines the whole panel; a replacement is drawn for the dossiers not yet scored."""
    if actor != expert and not _is_staff(actor):
        raise NotPermitted()
    with transaction.atomic():
        member = PanelMember.objects.select_for_update().get(panel=panel, expert=expert)
        if member.status != PanelMember.Status.ACTIVE:
            raise ReviewError("已谢绝。Already declined.")
        open_assignments = list(
            panel.assignments.filter(expert=expert, status=Assignment.Status.ACTIVE).exclude(
                scorecards__status=Scorecard.Status.SUBMITTED
            )
        )
        member.status = PanelMember.Status.DECLINED
        member.save(update_fields=["status"])
        Assignment.objects.filter(pk__in=[a.pk for a in open_assignments]).update(status=Assignment.Status.DECLINED)
        if panel.leader_id == expert.pk:
            panel.leader = None
            panel.save(update_fields=["leader"])
        return _replace(
            panel, [a.dossier for a in open_assignments], reason=f"declined by {expert.pk}: {reason}", actor=actor
        )


def declare_conflict(assignment: Assignment, *, has_conflict: bool, reason: str, actor) -> Assignment:
    """The expert's own 回避 declaration, required before the dossier's material opens.

    Declaring a conflict recuses the expert and draws a replacement for this dossier.
    """
    if actor.pk != assignment.expert_id:
        raise NotPermitted()
    if has_conflict and not (reason or "").strip():
        raise ReviewError("请说明需要回避的原因。Say why you must recuse yourself.")
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        ConflictDeclaration.objects.update_or_create(
            expert_id=assignment.expert_id,
            content_type_id=assignment.content_type_id,
            object_id=assignment.object_id,
            defaults={"has_conflict": has_conflict, "reason": (reason or "").strip()},
        )
        if has_conflict:
            recuse(assignment, reason=reason, actor=actor)
    return assignment


def recuse(assignment: Assignment, *, reason: str, actor) -> int:
    """Take an expert off one dossier (their own recusal or staff's decision) and draw a replacement."""
    if actor.pk != assignment.expert_id and not _is_staff(actor):
        raise NotPermitted()
    with transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.RECUSED)
        Scorecard.objects.filter(assignment=assignment, status=Scorecard.Status.DRAFT).delete()
        return _replace(
            assignment.panel, [assignment.dossier], reason=f"recusal of {assignment.expert_id}: {reason}", actor=actor
        )


# --- scoring ------------------------------------------------------------------------------
def scoring_items(panel: Panel) -> list[Criterion]:
    return list(
        Criterion.objects.filter(framework_id=panel.scoring_framework_id, parent__isnull=False)
        .select_related("parent")
        .order_by("order")
    )


def ensure_may_open(assignment: Assignment, user) -> None:
    """Raise unless `user` is this assignment's expert, it is active, declared clean, with no conflict."""
    if user.pk != assignment.expert_id:
        raise NotPermitted()
    if assignment.status != Assignment.Status.ACTIVE:
        raise ConflictOfInterest()
    if conflicts_between(user, assignment.dossier):
        raise ConflictOfInterest()
    if not ConflictDeclaration.objects.filter(
        expert_id=user.pk,
        content_type_id=assignment.content_type_id,
        object_id=assignment.object_id,
        has_conflict=False,
    ).exists():
        raise ConflictOfInterest("请先作出回避声明。Make your conflict-of-interest declaration first.")


def _current_scorecard(assignment: Assignment, *, lock: bool = False) -> Scorecard:
    qs = Scorecard.objects.filter(assignment=assignment, is_current=True)
    if lock:
        qs = qs.select_for_update()
    card = qs.first()
    if card is None:
        card = Scorecard.objects.create(
            assignment=assignment,
            panel_id=assignment.panel_id,
            expert_id=assignment.expert_id,
            content_type_id=assignment.content_type_id,
            object_id=assignment.object_id,
        )
    return card


def _write_items(card: Scorecard, criteria: dict[int, Criterion], items: dict) -> None:
    for criterion_id, data in items.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ReviewError("评分条款不属于本评审组的评价准则。An item is not in this panel's criteria.")
        percentage = data.get("percentage")
        if percentage in (None, ""):
            ItemScore.objects.filter(scorecard=card, criterion=criterion).delete()
            continue
        try:
            percentage = int(percentage)
            validate_percentage(percentage)
        except (TypeError, ValueError, ValidationError):
            raise ReviewError("得分率须为0–100之间5的倍数。The percentage must be 0–100 in steps of 5.")
        ItemScore.objects.update_or_create(
            scorecard=card,
            criterion=criterion,
            defaults={
                "percentage": percentage,
                "points": Decimal(percentage * criterion.max_points) / Decimal(100),
                "strengths": (data.get("strengths") or "").strip(),
                "opportunities": (data.get("opportunities") or "").strip(),
                "deviation_reason": (data.get("deviation_reason") or "").strip(),
            },
        )


def save_scorecard(assignment: Assignment, *, items: dict, actor, overall_comment: str = "") -> Scorecard:
    """Save a draft. Raises ScoreSealed once submitted, ConflictOfInterest when barred."""
    ensure_may_open(assignment, actor)
    with transaction.atomic():
        card = _current_scorecard(assignment, lock=True)
        if card.is_sealed:
            raise ScoreSealed()
        _write_items(card, {c.pk: c for c in scoring_items(assignment.panel)}, items)
        card.overall_comment = (overall_comment or "").strip()
        card.save(update_fields=["overall_comment"])
    return card


def _panel_item_medians(assignment: Assignment, including: dict[int, int]) -> dict[int, float]:
    """Median percentage per item over the other experts' submitted scores plus this expert's."""
    values: dict[int, list[int]] = defaultdict(list)
    for criterion_id, percentage in (
        ItemScore.objects.filter(
            scorecard__panel_id=assignment.panel_id,
            scorecard__content_type_id=assignment.content_type_id,
            scorecard__object_id=assignment.object_id,
            scorecard__is_current=True,
            scorecard__status=Scorecard.Status.SUBMITTED,
        )
        .exclude(scorecard__assignment=assignment)
        .values_list("criterion_id", "percentage")
    ):
        values[criterion_id].append(percentage)
    for criterion_id, percentage in including.items():
        values[criterion_id].append(percentage)
    return {cid: statistics.median(v) for cid, v in values.items() if len(v) >= 2}


def deviations_of(card: Scorecard) -> list[int]:
    """Criterion ids whose score is further from the panel median than the edition allows."""
    limit = review_settings_for(card.panel.edition).deviation_limit
    own = dict(card.items.values_list("criterion_id", "percentage"))
    medians = _panel_item_medians(card.assignment, own)
    return [cid for cid, pct in own.items() if cid in medians and abs(pct - medians[cid]) > limit]


def submit_scorecard(assignment: Assignment, *, items: dict, actor, overall_comment: str = "") -> Scorecard:
    """Save and seal. Every item must be scored; deviating items need a reason.

    Raises IncompleteScorecard, DeviationReasonRequired (the draft is kept), ScoreSealed.
    """
    card = save_scorecard(assignment, items=items, actor=actor, overall_comment=overall_comment)
    criteria = scoring_items(assignment.panel)
    scored = dict(card.items.values_list("criterion_id", "deviation_reason"))
    if any(c.pk not in scored for c in criteria):
        raise IncompleteScorecard()
    missing = [cid for cid in deviations_of(card) if not scored[cid]]
    if missing:
        raise DeviationReasonRequired(missing)
    with transaction.atomic():
        updated = Scorecard.objects.filter(pk=card.pk, status=Scorecard.Status.DRAFT).update(
            status=Scorecard.Status.SUBMITTED, submitted_at=timezone.now()
        )
        if not updated:
            raise ScoreSealed()
    card.refresh_from_db()
    return card


def justify_deviation(card: Scorecard, *, criterion_id: int, reason: str, actor) -> None:
    """Add a deviation reason to a sealed scorecard (flagged after later experts submitted)."""
    if actor.pk != card.expert_id:
        raise NotPermitted()
    if not (reason or "").strip():
        raise ReviewError("请填写偏离理由。Give the reason.")
    ItemScore.objects.filter(scorecard=card, criterion_id=criterion_id).update(deviation_reason=reason.strip())


def request_amendment(card: Scorecard, *, reason: str, actor) -> AmendmentRequest:
    if actor.pk != card.expert_id:
        raise NotPermitted()
    if card.status != Scorecard.Status.SUBMITTED:
        raise ReviewError("只有已提交的评分需要申请修改。Only submitted scores need an amendment request.")
    if not (reason or "").strip():
        raise ReviewError("请说明修改理由。Give the reason for the amendment.")
    if card.amendment_requests.filter(status=AmendmentRequest.Status.PENDING).exists():
        raise ReviewError("已有待审批的修改申请。An amendment request is already pending.")
    return AmendmentRequest.objects.create(scorecard=card, reason=reason.strip())


def decide_amendment(request: AmendmentRequest, *, approve: bool, note: str, actor) -> Scorecard | None:
    """Staff approve or reject. Approval supersedes the sealed version and opens a new draft copy."""
    _require_staff(actor)
    with transaction.atomic():
        request = AmendmentRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != AmendmentRequest.Status.PENDING:
            raise ReviewError("该申请已处理。This request was already decided.")
        request.status = AmendmentRequest.Status.APPROVED if approve else AmendmentRequest.Status.REJECTED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_note = note or ""
        request.save()
        if not approve:
            return None
        old = Scorecard.objects.select_for_update().get(pk=request.scorecard_id)
        Scorecard.objects.filter(pk=old.pk).update(status=Scorecard.Status.SUPERSEDED, is_current=False)
        new = Scorecard.objects.create(
            assignment_id=old.assignment_id,
            panel_id=old.panel_id,
            expert_id=old.expert_id,
            content_type_id=old.content_type_id,
            object_id=old.object_id,
            version=old.version + 1,
            overall_comment=old.overall_comment,
        )
        ItemScore.objects.bulk_create(
            [
                ItemScore(
                    scorecard=new,
                    criterion_id=item.criterion_id,
                    percentage=item.percentage,
                    points=item.points,
                    strengths=item.strengths,
                    opportunities=item.opportunities,
                    deviation_reason=item.deviation_reason,
                )
                for item in old.items.all()
            ]
        )
        return new


def record_consensus(panel: Panel, dossier, *, items: dict, actor) -> None:
    """The team leader records the consensus percentage and rationale per item."""
    if actor.pk != panel.leader_id and not _is_staff(actor):
        raise NotPermitted("只有组长可以记录合议分。Only the team leader records consensus scores.")
    criteria = {c.pk: c for c in scoring_items(panel)}
    ct_id, object_id = dossier_key(dossier)
    with transaction.atomic():
        for criterion_id, (percentage, rationale) in items.items():
            criterion = criteria.get(int(criterion_id))
            if criterion is None:
                raise ReviewError("评分条款不属于本评审组的评价准则。An item is not in this panel's criteria.")
            try:
                percentage = int(percentage)
                validate_percentage(percentage)
            except (TypeError, ValueError, ValidationError):
                raise ReviewError("得分率须为0–100之间5的倍数。The percentage must be 0–100 in steps of 5.")
            if not (rationale or "").strip():
                raise ReviewError("请填写合议理由。Give the consensus rationale.")
            ConsensusItem.objects.update_or_create(
                panel=panel,
                content_type_id=ct_id,
                object_id=object_id,
                criterion=criterion,
                defaults={
                    "percentage": percentage,
                    "points": Decimal(percentage * criterion.max_points) / Decimal(100),
                    "rationale": rationale.strip(),
                    "recorded_by": actor,
                },
            )


def finalize_panel(panel: Panel, *, actor) -> Panel:
    """Mark the panel's scores final: all active assignments submitted, all deviations justified."""
    _require_staff(actor)
    open_count = (
        panel.assignments.filter(status=Assignment.Status.ACTIVE)
        .exclude(scorecards__is_current=True, scorecards__status=Scorecard.Status.SUBMITTED)
        .count()
    )
    if open_count:
        raise ReviewError(f"仍有{open_count}份评分未提交。{open_count} scorecards are not yet submitted.")
    for card in Scorecard.objects.filter(panel=panel, is_current=True).select_related("assignment", "panel__edition"):
        reasons = dict(card.items.values_list("criterion_id", "deviation_reason"))
        if any(not reasons[cid] for cid in deviations_of(card)):
            raise ReviewError("仍有偏离中位数的评分未说明理由。Some deviating scores still lack a justification.")
    panel.finalized_at = timezone.now()
    panel.save(update_fields=["finalized_at"])
    return panel


# --- committee ----------------------------------------------------------------------------
def record_ballot(
    dossier,
    *,
    tier: str,
    members_present: int,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    actor,
) -> CommitteeBallot:
    """Record the secret-ballot counts (never who voted how) and move the dossier.

    Passing moves it to `proposed` with the tier; failing eliminates it, both through
    perform_transition (which checks the actor's permission and logs).
    """
    if min(members_present, votes_for, votes_against, abstentions) < 0 or members_present == 0:
        raise ReviewError("票数无效。Invalid counts.")
    if votes_for + votes_against + abstentions != members_present:
        raise ReviewError(
            "同意、反对、弃权票之和须等于出席委员人数。For + against + abstentions must equal members present."
        )
    rules = review_settings_for(dossier.edition)
    passed = rules.ballot_passes(votes_for, members_present)
    ct_id, object_id = dossier_key(dossier)

    def _store(locked, log):
        CommitteeBallot.objects.create(
            content_type_id=ct_id,
            object_id=object_id,
            edition_id=locked.edition_id,
            tier=tier,
            members_present=members_present,
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
            passed=passed,
            recorded_by=actor,
        )

    counts = f"出席{members_present} 同意{votes_for} 反对{votes_against} 弃权{abstentions}"
    if passed:
        perform_transition(dossier, "propose", tier=tier, actor=actor, reason=counts, after=_store)
    else:
        perform_transition(dossier, "eliminate", actor=actor, reason=counts, after=_store)
    return CommitteeBallot.objects.get(content_type_id=ct_id, object_id=object_id, edition_id=dossier.edition_id)


# --- reminders ----------------------------------------------------------------------------
def remind_unsubmitted(*, now: dt.datetime | None = None) -> int:
    """Remind each panel member with unsubmitted active dossiers once the panel deadline is near.

    One email per panel member (listing the dossiers still open), at most one per member, panel
    and local day: the reminder goes through workflows.notifications with the event key
    "review.reminder:<panel>:<expert>:<date>", whose unique constraint makes a second run the same
    day, a retried task or a second worker a no-op. Members who submitted everything get nothing.
    Returns the number of emails sent now. Called by the Celery beat task send_review_reminders.
    """
    from workflows.notifications.services import Recipient, send_notifications

    now = now or timezone.now()
    today = timezone.localdate(now)
    pending = (
        Assignment.objects.filter(
            status=Assignment.Status.ACTIVE, panel__finalized_at__isnull=True, panel__deadline__gt=now
        )
        .exclude(scorecards__is_current=True, scorecards__status=Scorecard.Status.SUBMITTED)
        .select_related("panel__edition__review_settings", "expert")
        .order_by("panel_id", "expert_id", "id")
    )
    due: dict[tuple[int, int], list[Assignment]] = defaultdict(list)
    for assignment in pending:
        settings_row = getattr(assignment.panel.edition, "review_settings", None)
        days = settings_row.reminder_days_before if settings_row else 2
        if assignment.panel.deadline - now <= dt.timedelta(days=days):
            due[(assignment.panel_id, assignment.expert_id)].append(assignment)
    sent = 0
    for (panel_id, expert_id), assignments in due.items():
        panel, expert = assignments[0].panel, assignments[0].expert
        codes = "、".join(a.code for a in assignments)
        deadline = timezone.localtime(panel.deadline).strftime("%Y-%m-%d %H:%M")
        rows = send_notifications(
            subject=panel,
            event_key=f"review.reminder:{panel_id}:{expert_id}:{today.isoformat()}",
            recipients=[Recipient(email=expert.email, user_id=expert_id)],
            title="评审提醒 Review reminder",
            body=(
                f"您在“{panel}”中尚有{len(assignments)}份评审未提交（{codes}），截止时间 {deadline}。\n"
                f"{len(assignments)} review(s) of yours in {panel} are not yet submitted ({codes}); deadline {deadline}."
            ),
        )
        if rows:
            Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(last_reminded_at=now)
            sent += len(rows)
    return sent
