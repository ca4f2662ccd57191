"""Panels and the random, stratified, reproducible draw of their experts; declines, recusals, replacements."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from accounts.models import region_prefix
from accounts.roles import Role
from workflows import log_actions
from workflows import permissions as can
from workflows.exceptions import NotPermitted
from workflows.models import Edition
from workflows.services import append_transition_log

from ..exceptions import NotEnoughExperts, ReviewError
from ..models import (
    Assignment,
    Draw,
    ExpertProfile,
    Panel,
    PanelDossier,
    PanelMember,
    Scorecard,
    SpecialtyRule,
)
from ._common import _require_staff, dossier_key, review_settings_for
from .conflicts import Rule, detect_conflicts


def run_draw(
    candidate_ids: Sequence[int], strata: dict, count: int, seed: str, preferred_ids: Sequence[int] = ()
) -> list[int]:
    """Stratified draw: shuffle each stratum and the strata order, then take one per stratum in turn.

    With `preferred_ids` ("specialty preferred"), those candidates are drawn first; the others only
    fill the places left. Pure function of its arguments, so a recorded Draw can be re-run by anyone.
    """
    if preferred_ids:
        preferred = set(preferred_ids)
        first = _stratified([i for i in candidate_ids if i in preferred], strata, count, seed)
        if len(first) == count:
            return first
        rest = [i for i in candidate_ids if i not in preferred]
        return first + _stratified(rest, strata, count - len(first), f"{seed}:rest")
    return _stratified(candidate_ids, strata, count, seed)


def _stratified(candidate_ids: Sequence[int], strata: dict, count: int, seed: str) -> list[int]:
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
    return run_draw(draw.candidate_ids, draw.strata, draw.count, draw.seed, draw.preferred_ids or ())


def _wanted(panel: Panel) -> list[str]:
    return [s.strip() for s in panel.specialty_codes.split(",") if s.strip()]


def _has_wanted_specialty(profile: ExpertProfile, wanted: list[str]) -> bool:
    return any(s in wanted for s in profile.specialty_list)


def _stratum(profile: ExpertProfile, wanted: list[str]) -> str:
    specialty = next((s for s in profile.specialty_list if s in wanted), profile.primary_specialty) or "-"
    return f"{specialty}|{region_prefix(profile.region_code)[:4]}"


@dataclass
class Pool:
    """Who may be drawn for a panel, who may not and why, and who is drawn first."""

    eligible: list[ExpertProfile]
    excluded: dict[str, list[str]]
    preferred_ids: list[int]


def _pool(panel: Panel, dossiers: Sequence, exclude_user_ids: Iterable[int]) -> Pool:
    profiles = list(
        ExpertProfile.objects.filter(is_available=True, user__is_active=True, user__role_grants__role=Role.EXPERT)
        .exclude(user_id__in=list(exclude_user_ids))
        .distinct()
        .order_by("user_id")
    )
    excluded: dict[str, list[str]] = defaultdict(list)
    for (user_id, _key), rules in detect_conflicts(profiles, dossiers).items():
        excluded[str(user_id)] += [r for r in rules if r not in excluded[str(user_id)]]
    wanted = _wanted(panel)
    eligible = []
    for profile in profiles:
        if str(profile.user_id) in excluded:
            continue
        if wanted and panel.specialty_rule == SpecialtyRule.REQUIRED and not _has_wanted_specialty(profile, wanted):
            excluded[str(profile.user_id)].append(SPECIALTY_REQUIRED)
            continue
        eligible.append(profile)
    preferred = (
        [p.user_id for p in eligible if _has_wanted_specialty(p, wanted)]
        if wanted and panel.specialty_rule == SpecialtyRule.PREFERRED
        else []
    )
    return Pool(eligible=eligible, excluded=dict(excluded), preferred_ids=preferred)


SPECIALTY_REQUIRED = "specialty_required"
SPECIALTY_PREFERRED = "specialty_preferred"


def rules_applied(panel: Panel, dossiers: Sequence) -> list[dict]:
    """Every rule a draw for this panel applies, with its parameters, for the draw record."""
    settings_of = {d.edition_id: review_settings_for(d.edition) for d in dossiers} or {
        panel.edition_id: review_settings_for(panel.edition)
    }
    years = sorted({s.former_employer_years for s in settings_of.values()})
    cross_region = any(s.require_cross_region for s in settings_of.values())
    applied = []
    for rule in Rule.ALL:
        if rule == Rule.SAME_REGION and not cross_region:
            continue
        entry = {"rule": rule, "label": str(Rule.LABELS[rule])}
        if rule in (Rule.FORMER_EMPLOYER, Rule.CONSULTANCY, Rule.SAME_GROUP):
            entry["look_back_years"] = years[0] if len(years) == 1 else years
        applied.append(entry)
    wanted = _wanted(panel)
    if wanted:
        required = panel.specialty_rule == SpecialtyRule.REQUIRED
        applied.append(
            {
                "rule": SPECIALTY_REQUIRED if required else SPECIALTY_PREFERRED,
                "label": str(SpecialtyRule(panel.specialty_rule).label),
                "specialties": wanted,
            }
        )
    return applied


def _dossiers_of(panel: Panel) -> list:
    return [row.dossier for row in panel.dossiers.select_related("content_type")]


def _record_draw(panel, *, kind, pool: Pool, dossiers, count, seed, reason, actor) -> Draw:
    wanted = _wanted(panel)
    strata = {str(p.user_id): _stratum(p, wanted) for p in pool.eligible}
    candidate_ids = [p.user_id for p in pool.eligible]
    drawn = run_draw(candidate_ids, strata, count, seed, pool.preferred_ids)
    rules = rules_applied(panel, dossiers)
    draw = Draw.objects.create(
        panel=panel,
        kind=kind,
        seed=seed,
        candidate_ids=candidate_ids,
        strata=strata,
        count=count,
        drawn_ids=drawn,
        preferred_ids=pool.preferred_ids,
        rules=rules,
        excluded=pool.excluded,
        reason=reason,
        drawn_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    append_transition_log(
        panel,
        transition=log_actions.DRAW_INITIAL if kind == Draw.Kind.INITIAL else log_actions.DRAW_REPLACEMENT,
        from_state="",
        to_state="drawn",
        actor=actor,
        reason=(
            f"seed={seed} candidates={len(candidate_ids)} drawn={drawn} "
            f"rules={','.join(r['rule'] for r in rules)} excluded={len(pool.excluded)} {reason}"
        ).strip(),
    )
    return draw


def _not_enough(panel: Panel, pool: Pool, needed: int) -> NotEnoughExperts:
    wanted = _wanted(panel)
    if wanted and panel.specialty_rule == SpecialtyRule.REQUIRED:
        return NotEnoughExperts(
            gettext("具备所需专业（%(join)s）且无回避情形的可用专家只有%(eligible)s人，少于所需的%(needed)s人。")
            % {"join": "、".join(wanted), "eligible": len(pool.eligible), "needed": needed}
        )
    return NotEnoughExperts()


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
    specialty_rule: str = SpecialtyRule.PREFERRED,
    framework=None,
) -> Panel:
    """Staff create an examiner team for a stage and the dossiers it will review.

    `specialty_rule` says whether the wanted specialties are required of every drawn expert or
    only preferred (drawn first, others fill the remaining places)."""
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
            specialty_rule=specialty_rule,
            framework=framework,
        )
        for dossier in dossiers:
            if dossier.edition_id != edition.pk:
                raise ReviewError(gettext("材料不属于本届次。"))
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
            raise ReviewError(gettext("该评审组已抽取专家。"))
        dossiers = _dossiers_of(panel)
        pool = _pool(panel, dossiers, exclude_user_ids=[])
        if len(pool.eligible) < panel.size:
            raise _not_enough(panel, pool, panel.size)
        draw = _record_draw(
            panel,
            kind=Draw.Kind.INITIAL,
            pool=pool,
            dossiers=dossiers,
            count=panel.size,
            seed=seed,
            reason="",
            actor=actor,
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
        raise ReviewError(gettext("组长须为本组专家。"))
    panel.leader = leader
    panel.save(update_fields=["leader"])


def _replace(panel: Panel, dossiers: Sequence, *, reason: str, actor) -> int:
    previous = set(panel.members.values_list("expert_id", flat=True))
    pool = _pool(panel, dossiers, exclude_user_ids=previous)
    if not pool.eligible:
        raise _not_enough(panel, pool, 1)
    seed = f"{panel.draws.order_by('id').first().seed}:{panel.draws.count()}"
    draw = _record_draw(
        panel,
        kind=Draw.Kind.REPLACEMENT,
        pool=pool,
        dossiers=dossiers,
        count=1,
        seed=seed,
        reason=reason,
        actor=actor,
    )
    user_id = draw.drawn_ids[0]
    PanelMember.objects.create(panel=panel, expert_id=user_id, draw=draw)
    _assign(panel, user_id, dossiers)
    transaction.on_commit(lambda: send_replacement_invitation(draw.pk))
    return user_id


def send_replacement_invitation(draw_id: int) -> int:
    """After commit: invite the expert a replacement draw brought onto the panel, with the deadline.

    One notification per draw and expert (event key "review.replacement:<draw>:<expert>"), so a retry
    or a second call sends nothing twice. Returns the number of emails sent now.
    """
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User
    from workflows.notifications.services import Recipient, send_notifications

    draw = Draw.objects.select_related("panel").filter(pk=draw_id, kind=Draw.Kind.REPLACEMENT).first()
    if draw is None or not draw.drawn_ids:
        return 0
    panel, expert_id = draw.panel, draw.drawn_ids[0]
    expert = User.objects.filter(pk=expert_id, is_active=True).first()
    if expert is None or not expert.email:
        return 0
    codes = "、".join(
        panel.assignments.filter(expert_id=expert_id, status=Assignment.Status.ACTIVE)
        .order_by("id")
        .values_list("code", flat=True)
    )
    deadline = timezone.localtime(panel.deadline).strftime("%Y-%m-%d %H:%M")
    body = gettext(
        "%(name)s：\n\n您已递补为“%(panel)s”的评审专家，需评审的材料：%(codes)s。\n"
        "请先申报有无利益冲突，再于 %(deadline)s 前提交评分。"
    ) % {"name": str(expert), "panel": panel.name, "codes": codes, "deadline": deadline}
    rows = send_notifications(
        subject=panel,
        event_key=f"review.replacement:{draw.pk}:{expert_id}",
        recipients=[Recipient(expert.email, expert_id)],
        title=gettext("评审邀请（递补）：%(panel)s") % {"panel": panel.name},
        body=body + f"\n\n{settings.SITE_URL}{reverse('review:queue')}\n",
    )
    return len(rows)


def decline_panel(panel: Panel, *, expert, reason: str, actor) -> int:
    """An expert declines the whole panel; a replacement is drawn for the dossiers not yet scored."""
    if not can.is_same_user_or_secretariat(expert, actor):
        raise NotPermitted()
    with transaction.atomic():
        member = PanelMember.objects.select_for_update().get(panel=panel, expert=expert)
        if member.status != PanelMember.Status.ACTIVE:
            raise ReviewError(gettext("已谢绝。"))
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


def recuse(assignment: Assignment, *, reason: str, actor) -> int:
    """Take an expert off one dossier (their own recusal or staff's decision) and draw a replacement."""
    if not can.is_assigned_expert_or_secretariat(assignment, actor):
        raise NotPermitted()
    with transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.RECUSED)
        Scorecard.objects.filter(assignment=assignment, status=Scorecard.Status.DRAFT).delete()
        return _replace(
            assignment.panel, [assignment.dossier], reason=f"recusal of {assignment.expert_id}: {reason}", actor=actor
        )
