"""Held results: what an applicant may see of its dossier's state before the secretariat releases a result.

A transition out of one of the program's `results_held_after` states (a stage outcome, the
committee's decision) is recorded as a HeldResult unless that stage of the edition was released
already (services/release.py). Until it is released:

- every applicant-facing read asks `applicant_state(dossier)` — the state the applicant sees is the
  one the dossier was in before its first unreleased result (pages, API, the next-step card);
- `held_log_ids(...)` names the transition-log rows the applicant's timeline leaves out;
- `is_held(log)` tells the program's notification hook to send no applicant email for it.

List reads annotate the same thing with `with_applicant_state(queryset)` (no query per row), and
public lists keep to what the public may see with `shown_in(queryset, states)`. Pages that render a
dossier for its applicant or the public take `as_applicant_sees(dossier)`: the dossier itself when
nothing is held, else a read-only stand-in whose `state`, state label and properties (public_label...)
are those of the state shown, and whose fields written by a held result (the program's
`held_result_fields`) read as None. `applicant_label(dossier)` is the label any program shows for it.
Staff pages keep reading the true state.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from .models import HeldResult, ResultRelease


def _unreleased_for(dossier) -> QuerySet[HeldResult]:
    ct = ContentType.objects.get_for_model(dossier, for_concrete_model=True)
    return HeldResult.objects.filter(content_type=ct, object_id=dossier.pk, release__isnull=True)


def applicant_state(dossier) -> str:
    """The one predicate for applicant-facing reads: the state an applicant may see now.

    Uses the `held_state` annotation of with_applicant_state when the dossier came from such a list.
    """
    if "held_state" in dossier.__dict__:
        return dossier.held_state or dossier.state
    first = _unreleased_for(dossier).order_by("id").values_list("from_state", flat=True).first()
    return first or dossier.state


def result_withheld(dossier) -> bool:
    return applicant_state(dossier) != dossier.state


def with_applicant_state(queryset: QuerySet) -> QuerySet:
    """Annotate `held_state`: the from_state of each dossier's first unreleased result (None: nothing held)."""
    ct = ContentType.objects.get_for_model(queryset.model, for_concrete_model=True)
    first_held = HeldResult.objects.filter(content_type=ct, object_id=OuterRef("pk"), release__isnull=True).order_by(
        "id"
    )
    return queryset.annotate(held_state=Subquery(first_held.values("from_state")[:1]))


def shown_q(states: Iterable[str]) -> Q:
    """On a queryset annotated by with_applicant_state: the applicant-visible state is one of `states`."""
    states = list(states)
    return Q(held_state__isnull=True, state__in=states) | Q(held_state__in=states)


def shown_in(queryset: QuerySet, states: Iterable[str]) -> QuerySet:
    """Dossiers whose applicant-visible state is one of `states` (public directories, search, counts)."""
    return with_applicant_state(queryset).filter(shown_q(states))


class AsSeen:
    """A dossier as its applicant (and the public) may see it while a result is held: read-only.

    `state` is the state shown; `get_state_display()` its label; the model's properties are evaluated
    on this stand-in (so `public_label`, `public_profile`... follow the state shown); the fields a held
    result wrote (Program.held_result_fields of the held stage and every later one) read as None.
    Everything else is the dossier's own. Never pass it to services: they take the dossier.
    """

    withheld = True

    def __init__(self, dossier, state: str, hidden: frozenset[str]):
        self.__dict__["_dossier"] = dossier
        self.__dict__["state"] = state
        self.__dict__["_hidden"] = hidden

    def __getattr__(self, name: str):
        if name in self._hidden:
            return None
        attribute = getattr(type(self._dossier), name, None)
        if isinstance(attribute, property):
            return attribute.fget(self)
        return getattr(self._dossier, name)

    def __setattr__(self, name, value):
        raise AttributeError("a dossier as the applicant sees it is read-only")

    def get_state_display(self):
        field = type(self._dossier)._meta.get_field("state")
        return dict(field.flatchoices).get(self.state, self.state)

    def __str__(self) -> str:
        return str(self._dossier)


def as_applicant_sees(dossier):
    """The dossier itself when no result of it is held; else its AsSeen stand-in (see above)."""
    shown = applicant_state(dossier)
    if shown == dossier.state:
        return dossier
    from workflows import programs

    program = programs.program_for(dossier)
    hidden: set[str] = set()
    if program is not None:
        stages = list(program.states.results_held_after)
        held_from = stages.index(shown) if shown in stages else 0
        for stage in stages[held_from:]:
            hidden.update(program.held_result_fields.get(stage, ()))
    return AsSeen(dossier, shown, frozenset(hidden))


def applicant_label(dossier) -> str:
    """The label the applicant's pages, the API and emails show for the dossier (its program's public label)."""
    from workflows import programs

    seen = as_applicant_sees(dossier)
    program = programs.program_for(dossier)
    return program.label_of(seen) if program is not None else str(seen.get_state_display())


def held_log_ids(dossier) -> set[int]:
    """Transition-log ids the applicant's timeline omits: the first unreleased result and all after it."""
    first = _unreleased_for(dossier).order_by("id").values_list("log_id", flat=True).first()
    if first is None:
        return set()
    from workflows.models import TransitionLog

    ct = ContentType.objects.get_for_model(dossier, for_concrete_model=True)
    return set(
        TransitionLog.objects.filter(content_type=ct, object_id=str(dossier.pk), pk__gte=first).values_list(
            "pk", flat=True
        )
    )


def is_held(log) -> bool:
    """Whether this transition is a result not yet released (its applicant email waits for the release)."""
    return HeldResult.objects.filter(log_id=log.pk, release__isnull=True).exists()


def is_released(edition, stage: str) -> bool:
    return ResultRelease.objects.filter(edition=edition, stage=stage).exists()


def release_overview(edition) -> list[dict]:
    """Per stage of the edition: how many results are held, and the release if there was one."""
    held = dict(
        HeldResult.objects.filter(edition=edition, release__isnull=True)
        .values("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    releases = {r.stage: r for r in ResultRelease.objects.filter(edition=edition).select_related("released_by")}
    stages = sorted(set(held) | set(releases), key=_stage_order(edition))
    return [{"stage": s, "held": held.get(s, 0), "release": releases.get(s)} for s in stages]


def _stage_order(edition):
    from workflows import programs

    program = programs.program_for_edition(edition)
    order = list(program.states.results_held_after) if program else []
    return lambda stage: (order.index(stage) if stage in order else len(order), stage)


def stage_label(edition, stage: str) -> str:
    from workflows import programs

    program = programs.program_for_edition(edition)
    if program is not None:
        field = program.model._meta.get_field("state")
        return str(dict(field.flatchoices).get(stage, stage))
    return stage


def held_dossier_ids(edition, stages: Iterable[str] | None = None) -> list[int]:
    qs = HeldResult.objects.filter(edition=edition, release__isnull=True)
    if stages is not None:
        qs = qs.filter(stage__in=list(stages))
    return sorted(set(qs.values_list("object_id", flat=True)))
