"""Conflicts of interest: automatic rules, declarations, staff overrides, applicants' avoidance requests."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.db import transaction
from django.db.models import CharField, F, Value
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts.credit_code import is_valid_credit_code, normalize_credit_code
from accounts.models import Organization, region_prefix
from workflows import log_actions
from workflows import permissions as can
from workflows.dates import years_before
from workflows.exceptions import NotPermitted
from workflows.services import append_transition_log

from ..exceptions import ReviewError
from ..models import (
    Assignment,
    AvoidanceRequest,
    ConflictDeclaration,
    ConflictOverride,
    ConsultancyTie,
    ExpertProfile,
    PastEmployment,
    ReviewSettings,
)
from ..recommenders import recommenders_of
from ._common import _require_staff, dossier_key, review_settings_for


class Rule:
    """Conflict-of-interest rules. Automatic ones may be overridden by staff with a justification."""

    SAME_EMPLOYER = "same_employer"
    FORMER_EMPLOYER = "former_employer"
    CONSULTANCY = "consultancy"
    SAME_GROUP = "same_group"
    SAME_REGION = "same_region"
    DECLARED = "declared"
    APPLICANT_REQUEST = "applicant_request"
    RECOMMENDER = "recommender"

    AUTOMATIC = {SAME_EMPLOYER, FORMER_EMPLOYER, CONSULTANCY, SAME_GROUP, SAME_REGION}
    LABELS = {
        SAME_EMPLOYER: gettext_lazy("现任职单位相同"),
        FORMER_EMPLOYER: gettext_lazy("近年曾任职"),
        CONSULTANCY: gettext_lazy("咨询、辅导、近亲属或其他利益关系"),
        SAME_GROUP: gettext_lazy("同一集团"),
        SAME_REGION: gettext_lazy("同一地区（须异地评审）"),
        DECLARED: gettext_lazy("本人声明回避"),
        APPLICANT_REQUEST: gettext_lazy("申报单位申请回避"),
        RECOMMENDER: gettext_lazy("曾对该申报单位初审或推荐"),
    }
    # Every rule detect_conflicts applies, in the order a draw record lists them.
    ALL = (
        SAME_EMPLOYER,
        FORMER_EMPLOYER,
        CONSULTANCY,
        SAME_GROUP,
        SAME_REGION,
        RECOMMENDER,
        DECLARED,
        APPLICANT_REQUEST,
    )


def detect_conflicts(
    profiles: Sequence[ExpertProfile], dossiers: Sequence, *, today: dt.date | None = None
) -> dict[tuple[int, tuple[int, int]], list[str]]:
    """Every conflict between the given experts and dossiers, in a fixed number of queries.

    Returns {(expert user id, (content type id, dossier id)): [rule, ...]} for conflicted pairs only.
    Staff overrides remove the automatic rules they name; declarations, the recommending body's
    people and accepted or pending applicant requests always count. Credit codes are compared in
    their normal form; former employers, ties and groups count only within the edition's
    look-back years (docs/conflict-rules.md).
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

    past, ties = _employers_and_ties(profile_ids)
    # The experts' employers (current and past) and tied organisations that are registered: name, group.
    codes = {normalize_credit_code(p.employer_credit_code) for p in profiles if p.employer_credit_code}
    codes |= {normalize_credit_code(row.credit_code) for rows in (*past.values(), *ties.values()) for row in rows}
    registered = {
        normalize_credit_code(code): (name, group)
        for code, name, group in Organization.objects.filter(credit_code__in=codes).values_list(
            "credit_code", "name", "group_name"
        )
    }
    ct_ids = {ct for ct, _ in keys}
    object_ids = {pk for _, pk in keys}

    # Declarations and staff overrides in one query: a declaration row carries an empty rule.
    declared, overrides = set(), set()
    for expert_id, content_type_id, object_id, rule in (
        ConflictDeclaration.objects.filter(
            expert_id__in=user_ids, content_type_id__in=ct_ids, object_id__in=object_ids, has_conflict=True
        )
        .annotate(rule_name=Value("", output_field=CharField()))
        .order_by()
        .values_list("expert_id", "content_type_id", "object_id", "rule_name")
        .union(
            ConflictOverride.objects.filter(
                expert_id__in=user_ids, content_type_id__in=ct_ids, object_id__in=object_ids
            )
            .order_by()
            .values_list("expert_id", "content_type_id", "object_id", "rule"),
            all=True,
        )
    ):
        if rule:
            overrides.add((expert_id, (content_type_id, object_id), rule))
        else:
            declared.add((expert_id, (content_type_id, object_id)))
    requested = _avoidance_pairs(
        profiles,
        ct_ids,
        object_ids,
        past=past,
        ties=ties,
        cutoff_for=lambda key: years_before(today, years_by_edition[keys[key].edition_id].former_employer_years),
        registered=registered,
    )

    recommenders = recommenders_of(list(keys.values()))

    found: dict[tuple[int, tuple[int, int]], list[str]] = {}
    for profile in profiles:
        employer_code = normalize_credit_code(profile.employer_credit_code)
        for key, org in orgs.items():
            rules_settings = years_by_edition[keys[key].edition_id]
            cutoff = years_before(today, rules_settings.former_employer_years)
            org_code = normalize_credit_code(org.credit_code)
            recent_jobs = [r for r in past[profile.pk] if r.ended_on >= cutoff]
            # Without a code, the employer's name is all there is to compare.
            same_employer = (employer_code and employer_code == org_code) or (
                not employer_code
                and bool(profile.employer_name)
                and _normalized(profile.employer_name) == _normalized(org.name)
            )
            # The group rule looks at every other organisation the expert works for or left within the
            # look-back (the applicant itself is the employer rules' business): its group, typed or
            # registered, and its name, since the group's parent company is named by the group.
            employers = [] if same_employer else [(employer_code, profile.employer_name, profile.employer_group)]
            employers += [
                (normalize_credit_code(r.credit_code), r.organization_name, r.group_name) for r in recent_jobs
            ]
            employer_names, employer_groups = _names_and_groups(employers, org_code, registered)
            applicant_group = _normalized(org.group_name)
            rules = []
            if same_employer:
                rules.append(Rule.SAME_EMPLOYER)
            if any(normalize_credit_code(r.credit_code) == org_code for r in recent_jobs):
                rules.append(Rule.FORMER_EMPLOYER)
            if any(
                normalize_credit_code(t.credit_code) == org_code and (t.ended_on is None or t.ended_on >= cutoff)
                for t in ties[profile.pk]
            ):
                rules.append(Rule.CONSULTANCY)
            if (applicant_group and applicant_group in employer_groups | employer_names) or (
                _normalized(org.name) in employer_groups
            ):
                # a sister company or the group's parent; or the applicant is the parent of the employer
                rules.append(Rule.SAME_GROUP)
            if rules_settings.require_cross_region and region_prefix(profile.region_code)[:4] == org.region_code[:4]:
                rules.append(Rule.SAME_REGION)
            rules = [r for r in rules if (profile.user_id, key, r) not in overrides]
            if profile.user_id in recommenders.get(key, ()):
                rules.append(Rule.RECOMMENDER)
            if (profile.user_id, key) in declared:
                rules.append(Rule.DECLARED)
            if (profile.user_id, key) in requested:
                rules.append(Rule.APPLICANT_REQUEST)
            if rules:
                found[(profile.user_id, key)] = rules
    return found


def _names_and_groups(employers, applicant_code: str, registered) -> tuple[set[str], set[str]]:
    """Normalised names and groups of (code, name, group) employers other than the applicant itself.

    Both the typed and the registered name and group count.
    """
    names: set[str] = set()
    groups: set[str] = set()
    for code, name, group in employers:
        if code and code == applicant_code:
            continue
        registered_name, registered_group = registered.get(code, ("", ""))
        names.update(_normalized(n) for n in (name, registered_name) if n)
        groups.update(_normalized(g) for g in (group, registered_group) if g)
    return names, groups


def _normalized(text: str) -> str:
    """Names compared as typed, except for spaces, case and width: "海岳（集团）" is "海岳(集团)"."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


class _Link(NamedTuple):
    """A former employer or a consultancy tie of an expert, as the rules read it."""

    expert_id: int
    organization_name: str
    credit_code: str
    ended_on: dt.date | None
    source: str
    group_name: str


def _employers_and_ties(profile_ids) -> tuple[dict[int, list[_Link]], dict[int, list[_Link]]]:
    """The experts' former employers and ties by profile id, in one query (a UNION of both tables)."""
    # Plain columns first, then the annotations in the same order on both sides of the UNION.
    columns = ("expert_id", "organization_name", "credit_code", "ended_on", "source", "group")
    jobs = (
        PastEmployment.objects.filter(expert_id__in=profile_ids)
        .annotate(source=Value("past", output_field=CharField()), group=F("group_name"))
        .order_by()
        .values_list(*columns)
    )
    tied = (
        ConsultancyTie.objects.filter(expert_id__in=profile_ids)
        .annotate(source=Value("tie", output_field=CharField()), group=Value("", output_field=CharField()))
        .order_by()
        .values_list(*columns)
    )
    past, ties = defaultdict(list), defaultdict(list)
    for row in jobs.union(tied, all=True):
        link = _Link(*row)
        (past if link.source == "past" else ties)[link.expert_id].append(link)
    return past, ties


def _avoidance_pairs(
    profiles: Sequence[ExpertProfile], ct_ids, object_ids, *, past, ties, cutoff_for, registered
) -> set[tuple[int, tuple[int, int]]]:
    """(expert user id, dossier key) pairs barred by pending or accepted applicant requests.

    A request names an expert (linked by staff, or by the name the applicant typed) and/or an
    organisation (credit code or name). The named organisation is treated like the applicant's own:
    its current staff, its former staff within the edition's years, and experts with a consultancy
    or coaching tie to it in that time are barred. `past` / `ties` are the experts' rows by profile
    id, `cutoff_for(dossier key)` the earliest end date that still counts and `registered` the
    (name, group) of the experts' employers that are registered organisations, by code (from
    detect_conflicts). An organisation named by its registered name counts whatever name the expert
    typed for it, and a credit code typed into the name box counts as the code. One query, plus one
    for the experts' names when a request gives a name.
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
        named_codes = {normalize_credit_code(request["organization_credit_code"])} - {""}
        if is_valid_credit_code(request["organization_name"]):
            named_codes.add(normalize_credit_code(request["organization_name"]))

        def is_named(credit_code: str, organization_name: str, codes=named_codes, org_name=org_name) -> bool:
            credit_code = normalize_credit_code(credit_code)
            typed_names = {_normalized(organization_name), _normalized(registered.get(credit_code, ("", ""))[0])}
            return bool((credit_code and credit_code in codes) or (org_name and org_name in typed_names))

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
        raise ReviewError(gettext("只有自动识别的回避情形可以认定例外。"))
    if len((justification or "").strip()) < 10:
        raise ReviewError(gettext("请填写书面理由（至少10个字）。"))
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
            transition=log_actions.CONFLICT_OVERRIDE,
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
        raise ReviewError(gettext("请说明申请回避的理由。"))
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
    if not can.is_member_of_organization(dossier, actor):
        raise NotPermitted(gettext("只有申报单位的用户可以申请回避。"))
    if dossier.state not in set(open_states):
        raise ReviewError(gettext("评审已有结果，不能再申请回避。"))
    expert_name, organization_name = (expert_name or "").strip(), (organization_name or "").strip()
    organization_credit_code = normalize_credit_code(organization_credit_code)
    if not (expert_name or organization_name or organization_credit_code):
        raise ReviewError(gettext("请填写需回避的专家姓名或单位。"))
    if not (reason or "").strip():
        raise ReviewError(gettext("请说明申请回避的理由。"))
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
    if not can.is_profile_owner_or_secretariat(profile, actor):
        raise NotPermitted()
    profile.is_available = available
    profile.unavailable_note = "" if available else (note or "").strip()
    profile.save(update_fields=["is_available", "unavailable_note"])


def add_declaration(profile: ExpertProfile, row: PastEmployment | ConsultancyTie, *, actor) -> None:
    """An expert declares a past employer or a consultancy/coaching tie (feeds the automatic rules)."""
    if not can.is_profile_owner_or_secretariat(profile, actor):
        raise NotPermitted()
    row.expert = profile
    row.save()


def declare_conflict(assignment: Assignment, *, has_conflict: bool, reason: str, actor) -> Assignment:
    """The expert's own 回避 declaration, required before the dossier's material opens.

    Declaring a conflict recuses the expert and draws a replacement for this dossier.
    """
    if not can.is_assigned_expert(assignment, actor):
        raise NotPermitted()
    if has_conflict and not (reason or "").strip():
        raise ReviewError(gettext("请说明需要回避的原因。"))
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        ConflictDeclaration.objects.update_or_create(
            expert_id=assignment.expert_id,
            content_type_id=assignment.content_type_id,
            object_id=assignment.object_id,
            defaults={"has_conflict": has_conflict, "reason": (reason or "").strip()},
        )
        if has_conflict:
            from .draws import recuse  # draws needs detect_conflicts from here

            recuse(assignment, reason=reason, actor=actor)
    return assignment
