"""The contract between the engine (workflows/) and the programs built on it (awards, zones, ...).

A program is a Django app whose dossier model carries an FSM `state` field, an `edition`
(workflows.Edition) and an `organization` (accounts.Organization). It tells the engine what the
engine must know by registering a `Program` from its AppConfig.ready():

    from workflows.programs import Program, ProgramStates, register

    register(Program(
        key="cities",
        model=CityApplication,
        states=ProgramStates(panel_stages=("material_review",), named=("recognized",), revoked="revoked"),
        on_transition=notify_city,          # after commit, for every transition, whatever the entry point
    ))

The engine never probes models with `hasattr` nor names a program's states: it asks this registry
(`program_for(obj)`, `programs()`, `programs_with(...)`). docs/programs.md describes the contract,
the transition names the engine calls and a worked example.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model


@dataclass(frozen=True)
class ProgramStates:
    """The program's state ids for the groups the engine needs (docs/programs.md, "State groups").

    Defaults are the names awards and zones share; a program overrides what differs and leaves a
    group empty for a step it does not have (no `panel_stages`: no staff-created expert panels).
    """

    # Never shown to staff: the applicant's private draft.
    draft: tuple[str, ...] = ("draft",)
    # Review stages a staff-created expert panel may cover (workflows/review "new panel").
    panel_stages: tuple[str, ...] = ()
    # Committee and notice (workflows/review record_ballot, workflows/notices).
    proposed: str = "proposed"
    on_notice: str = "public_notice"
    under_objection: str = "objection_review"
    pending_approval: str = "pending_approval"
    disqualified: str = "disqualified"
    # After naming: states in which the dossier holds a live title (workflows/titles).
    named: tuple[str, ...] = ()
    # Where the title's end moves the dossier: "" when the program keeps no such state.
    revoked: str = ""
    expired: str = ""
    # While the dossier is in one of these, the daily expiry job leaves its title alone
    # (a renewal is being decided).
    defers_title_expiry: tuple[str, ...] = ()
    # Shown on public pages (directories, search); None: the program has no public listing.
    public: tuple[str, ...] | None = None
    # Review states whose exit is a result (stage outcome, committee decision) that applicants see
    # and are emailed about only once the secretariat releases it (workflows/review/release.py).
    results_held_after: tuple[str, ...] = ()
    # The applicant's feedback report (workflows/review/feedback.py) is due in these states, once the
    # secretariat has released the edition's reports: after the notice closed, or after a decision
    # against the dossier. Empty: the program gives no feedback reports.
    feedback_due: tuple[str, ...] = ()


@dataclass(frozen=True)
class TitleFollow:
    """Transitions of the dossier that follow its title's end (docs/programs.md, "Titles").

    The engine performs them in the title's transaction. `prepare(dossier, event, detail)` may
    copy facts onto the dossier first (e.g. the date and reason of a revocation); `event` is
    "revoked", "expired" or "renewed" and `detail` the Revocation row or the new end date.
    """

    revoked: str = ""
    expired: str = ""
    renewed: str = ""
    prepare: Callable[[Any, str, Any], None] | None = None


@dataclass(frozen=True)
class CreditScreening:
    """Where a credit-registry check is an eligibility step of the program (docs/credit-screening.md).

    In `states` the secretariat may query the registry and decide a screening by hand; the
    transitions in `gates` are refused while the latest screening is pending or failed, and while
    none passed when the edition has a hard 信用良好 (good_credit) rule. The engine enforces the gate
    in `perform_transition`, whatever the entry point.
    """

    states: tuple[str, ...]
    gates: tuple[str, ...] = ()
    # The staff page that holds the step (default: the program's staff case page).
    page_url: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class SurveyAttachment:
    """A citizens' satisfaction survey the program's cases carry (workflows/surveys, docs/surveys.md).

    The case model has the `SurveyWindow` fields and `open_survey`/`close_survey` transitions (target
    None) allowed in `states`; the engine's survey pages are included in the program's URL namespace.
    """

    # The states in which a case's survey may run and the public may answer it.
    states: tuple[str, ...]
    # rules(edition_id) -> (minimum sample size, points of the survey in the case's total).
    rules: Callable[[int], tuple[int, int]]
    # published(case): the public may read the case's aggregates (e.g. once a held result is released).
    published: Callable[[Any], bool]
    # member_case(user, pk): one of the user's own cases, else Http404; member_url(case): its workspace.
    member_case: Callable[[Any, int], Any]
    member_url: Callable[[Any], str]


@dataclass(frozen=True)
class Program:
    """One program's registration. Only `key`, `model` and `states` are required."""

    key: str
    model: type[Model]
    states: ProgramStates = field(default_factory=ProgramStates)
    # The workflows.Program.Kind values whose editions this program runs (its calls, its titles).
    edition_kinds: tuple[str, ...] = ()
    # Its public notices: the cms NoticePage kind they are published as and what they notice
    # (…现予以公示 / the notice's title: "<edition>拟授奖名单公示"), workflows/notices.
    notice_page_kind: str = "candidates"
    notice_subject: str = "拟授奖名单"
    # Transitions of the dossier that follow its title (revocation, expiry, renewal).
    title_follow: TitleFollow = field(default_factory=TitleFollow)
    # After-commit hook run for every transition of a dossier: on_transition(dossier, log).
    # It must be idempotent (it may be retried): send emails through workflows.notifications.
    on_transition: Callable[[Any, Any], None] | None = None
    # Search types built from this program's data (search.registry.SearchType), registered by
    # the search app; the search app imports no program.
    search_types: Callable[[], Iterable[Any]] | None = None
    # The staff case page and the public page of a dossier ("" when there is none).
    staff_url: Callable[[Any], str] | None = None
    public_url: Callable[[Any], str] | None = None
    # What a public notice prints about the candidate (shortened by the engine); default: nothing.
    notice_profile: Callable[[Any], str] | None = None
    # What the public call page of one of its editions states beyond the eligibility rules and the
    # edition's dates: call_terms(edition) -> {"documents", "steps", "quotas", "notice_subject"}
    # (docs/call-pages.md). Default: nothing beyond the engine's part.
    call_terms: Callable[[Any], dict] | None = None
    # Per-edition rule models that call page reads: saving one clears the anonymous page cache.
    call_rules_models: tuple[type[Model], ...] = ()
    # Its titles are demonstration statuses: ending one early is a delisting (摘牌), not an award
    # taken back (workflows/titles/pages.py words the public notice accordingly).
    titles_are_demonstrations: bool = False
    # Applicant-facing label of a state (internal review stages collapse); default: the state's label.
    public_label: Callable[[Any], str] | None = None
    # Per `results_held_after` stage: the dossier fields its result writes (a score, a decision's
    # number and dates), which applicant and public pages read as None until the stage is released
    # (workflows/review/release.py, as_applicant_sees).
    held_result_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Dossier fields holding personal data (contact person, phone, e-mail, free text written by
    # people) that `purge_expired` blanks when the applications' retention period ends.
    personal_fields: tuple[str, ...] = ()
    # The names of a dossier's document slots, {slot: Chinese msgid}, for the expert's dossier to
    # list documents by what they are (under blind review the file's own name is not shown).
    document_labels: Callable[[Any], dict[str, str]] | None = None
    # Credit screening as an eligibility step (None: the program's desks do not offer it).
    credit_screening: CreditScreening | None = None
    # A citizens' satisfaction survey attached to its cases (None: the program runs none).
    survey: SurveyAttachment | None = None
    # Demo data for `manage.py seed_demo`: demo(stdout, people=, programs=), idempotent; run after the
    # engine's and the other seeders' data, before the search index is built.
    demo: Callable[..., None] | None = None

    def label_of(self, dossier) -> str:
        if self.public_label is not None:
            return str(self.public_label(dossier))
        # The contract asks only for a state field; one without choices has no get_state_display.
        display = getattr(dossier, "get_state_display", None)
        return str(display() if display is not None else dossier.state)


_programs: dict[str, Program] = {}
_by_model: dict[type[Model], Program] = {}


def register(program: Program) -> Program:
    """Register (or replace) a program. Called from the program app's AppConfig.ready()."""
    previous = _programs.pop(program.key, None)
    if previous is not None:
        _by_model.pop(previous.model, None)
    _programs[program.key] = program
    _by_model[program.model] = program
    return program


def unregister(key: str) -> None:
    program = _programs.pop(key, None)
    if program is not None:
        _by_model.pop(program.model, None)


def programs() -> list[Program]:
    return list(_programs.values())


def get_program(key: str) -> Program | None:
    return _programs.get(key)


def program_for_model(model: type[Model]) -> Program | None:
    for klass in model.__mro__:
        if klass in _by_model:
            return _by_model[klass]
    return None


def program_for(obj: Model) -> Program | None:
    """The program whose dossier `obj` is; None for the engine's own objects (titles, panels)."""
    return program_for_model(type(obj))


def program_for_edition(edition) -> Program | None:
    """The program that runs `edition` (by its workflows.Program kind); None when none registered it."""
    kind = edition.program.kind
    for program in _programs.values():
        if kind in program.edition_kinds:
            return program
    return None


def with_panel_stages() -> list[Program]:
    return [p for p in _programs.values() if p.states.panel_stages]


def with_notice() -> list[Program]:
    return [p for p in _programs.values() if p.states.on_notice]


def deferred(path: str) -> Callable[..., Any]:
    """A registration hook named "package.module:function", imported on its first call: a program's
    search types, call terms or demo live in modules that import models and settings the registry must
    not load while apps are still being set up."""
    module_name, _, attribute = path.partition(":")

    def call(*args, **kwargs):
        from importlib import import_module

        return getattr(import_module(module_name), attribute)(*args, **kwargs)

    call.__qualname__ = call.__name__ = attribute
    return call


def copy_title_end(dossier, event: str, detail) -> None:
    """TitleFollow.prepare for a demonstration program whose dossier records its title's end: 摘牌 date and
    reason (`revoked_on`, `revocation_reason`) and the period's end after a renewal (`demonstration_ends_on`)."""
    if event == "revoked":
        dossier.revoked_on = detail.decided_on
        dossier.revocation_reason = detail.reason
    elif event == "renewed":
        dossier.demonstration_ends_on = detail
