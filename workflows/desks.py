"""What a desk offers a user now: the buttons declared on the transitions themselves.

A transition that a desk offers says so once, on the model, next to its source, target and
permission (docs/programs.md, "Desks"):

    @transition(field=state, source=..., target=..., permission=is_secretariat,
                custom=on_desk(_("受理"), needs_reason=False))
    def accept(self): ...

`offered(dossier, user)` lists what django-fsm allows this user now (the state, the transition's
conditions and its permission predicate, as `get_available_user_<field>_transitions` does), in the
order the model declares the transitions. Nothing else keeps a list of actions, labels or states.
A desk's view maps the posted action name to the service that performs it and, when the button
has a form, the form key to its form class.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from .permissions import Predicate

SECRETARIAT = "secretariat"


@dataclass(frozen=True)
class Button:
    """One button of a desk. `action` is the name the page posts (default: the transition's name);
    `form` names the form the desk shows with it ("" for a plain button); `danger` styles it."""

    label: Any
    action: str = ""
    form: str = ""
    needs_reason: bool = False
    danger: bool = False


def on_desk(label, *, desk: str = SECRETARIAT, **options) -> dict:
    """`custom=` for a transition that one button of `desk` performs."""
    return desk_buttons(Button(label, **options), desk=desk)


def desk_buttons(*buttons: Button, desk: str = SECRETARIAT) -> dict:
    """`custom=` for a transition reached through several buttons (e.g. build a panel, then conclude)."""
    return {"desk": desk, "buttons": tuple(buttons)}


@dataclass(frozen=True)
class DeskAction:
    name: str
    transition: str
    label: str
    form: str
    needs_reason: bool
    danger: bool


def _actions(transition, desk: str) -> list[DeskAction]:
    if transition.custom.get("desk") != desk:
        return []
    return [
        DeskAction(
            name=button.action or transition.name,
            transition=transition.name,
            label=str(button.label),
            form=button.form,
            needs_reason=button.needs_reason,
            danger=button.danger,
        )
        for button in transition.custom["buttons"]
    ]


def _declaration_order(model: type[Model]) -> dict[str, int]:
    names: list[str] = []
    for klass in reversed(model.__mro__):
        names.extend(name for name in vars(klass) if name not in names)
    return {name: index for index, name in enumerate(names)}


def _field(model: type[Model], field_name: str):
    return model._meta.get_field(field_name)


def declared(model: type[Model], *, desk: str = SECRETARIAT, field_name: str = "state") -> dict[str, DeskAction]:
    """Every button `desk` may ever show for `model`, by posted action name."""
    order = _declaration_order(model)
    transitions = sorted(_field(model, field_name).get_all_transitions(model), key=lambda t: order.get(t.name, 0))
    found: dict[str, DeskAction] = {}
    for transition in transitions:
        for action in _actions(transition, desk):
            found.setdefault(action.name, action)
    return found


def permitted(transition, obj, user, memo: dict) -> bool:
    """django-fsm's permission check, asking a role-only predicate once per `memo` (one list page)."""
    permission = transition.permission
    if isinstance(permission, Predicate) and not permission.needs_object:
        # The same answer for every row of a list page: ask once per page.
        if id(permission) not in memo:
            memo[id(permission)] = permission(obj, user)
        return memo[id(permission)]
    return transition.has_perm(obj, user)


def offered(
    obj: Model,
    user,
    *,
    desk: str = SECRETARIAT,
    field_name: str = "state",
    memo: dict | None = None,
    screen_credit: bool = True,
) -> list[DeskAction]:
    """The buttons of `desk` that django-fsm allows `user` on `obj` now, in declaration order.

    Pass one `memo` dict for all rows of a list so a role check that does not depend on the row
    (is_secretariat) runs once per page instead of once per row. A step the program gates on credit
    screening is left out while the screening holds it back (the same predicate perform_transition
    refuses with: eligibility.selectors.gated_step_blocker); `screen_credit=False` skips that check.
    """
    memo = {} if memo is None else memo
    order = _declaration_order(type(obj))
    available = getattr(obj, f"get_available_{field_name}_transitions")()
    # Only this desk's transitions are asked for permission: others' predicates may read the row.
    allowed = [t for t in available if _actions(t, desk) and permitted(t, obj, user, memo)]
    if screen_credit:
        from workflows.eligibility.selectors import gated_step_blocker

        allowed = [t for t in allowed if not gated_step_blocker(obj, t.name)]
    actions: list[DeskAction] = []
    for transition in sorted(allowed, key=lambda t: order.get(t.name, 0)):
        actions.extend(_actions(transition, desk))
    return actions


def held_by_credit(obj: Model, user, *, desk: str = SECRETARIAT, field_name: str = "state") -> list[tuple]:
    """The buttons `offered` leaves out only because credit screening holds their step back now, each
    with the reason (eligibility.selectors.gated_step_blocker): for the case page to say why."""
    from workflows.eligibility.selectors import gated_step_blocker

    everything = offered(obj, user, desk=desk, field_name=field_name, screen_credit=False)
    return [(action, why) for action in everything if (why := gated_step_blocker(obj, action.transition))]


def why_not_offered(obj: Model, user, name: str, *, desk: str = SECRETARIAT) -> str:
    """What to tell someone who posted button `name` that `offered` does not list now (a page opened
    before the state or the screening changed): the screening's reason when it holds the step back,
    else that the current state does not allow it."""
    from django.utils.translation import gettext

    for action, why in held_by_credit(obj, user, desk=desk):
        if action.name == name:
            return why
    return gettext("当前状态下不能执行此操作。")


def allowed(obj: Model, user, names: Iterable[str], *, field_name: str = "state", memo: dict | None = None) -> set[str]:
    """Which of the transitions `names` django-fsm allows `user` on `obj` now (state, conditions,
    permission). For a desk of the engine whose steps are transitions every program declares by the
    contract's names (the notice desk's `award`/`decline_award`, docs/programs.md)."""
    memo = {} if memo is None else memo
    wanted = set(names)
    available = getattr(obj, f"get_available_{field_name}_transitions")()
    return {t.name for t in available if t.name in wanted and permitted(t, obj, user, memo)}


def offered_for_rows(objs: Iterable[Model], user, *, desk: str = SECRETARIAT) -> dict[int, list[DeskAction]]:
    """`offered` for every row of a list page, by primary key. Rows are not credit-screened: a list
    page offers only bulk actions, which have no form of their own, and the gated steps (approvals
    with a document number) all have one; perform_transition refuses a gated step anyway."""
    memo: dict = {}
    return {obj.pk: offered(obj, user, desk=desk, memo=memo, screen_credit=False) for obj in objs}


def actionable_states(
    model: type[Model], user, *, desk: str = SECRETARIAT, field_name: str = "state", memo: dict | None = None
) -> set[str]:
    """The states from which `desk` offers `user` at least one button: where a dossier waits on them.

    Buttons marked `danger` (an exceptional move such as disqualify) do not count: a dossier waits on
    the desk for its next regular step. Asks only role checks (predicates that read the user); a
    transition whose permission reads the
    row counts as the user's, so a desk's "needs my action" number may include a few rows whose
    conditions then refuse. Cheap enough for a tile on the home page: no row is read.
    """
    memo = {} if memo is None else memo
    states: set[str] = set()
    for transition in _field(model, field_name).get_all_transitions(model):
        if not any(not action.danger for action in _actions(transition, desk)):
            continue  # not this desk's, or only an exceptional move (disqualify, reject): nothing waits
        permission = transition.permission
        if isinstance(permission, Predicate) and not permission.needs_object:
            if id(permission) not in memo:  # one role check per predicate, not per transition
                memo[id(permission)] = permission(None, user)
            if not memo[id(permission)]:
                continue
        if transition.source in ("*", "+"):
            continue
        states.add(transition.source)
    return states


def bulk_actions(model: type[Model], *, desk: str = SECRETARIAT, forms: Iterable[str] = ("", "reason")) -> dict:
    """The desk's buttons that a list page may apply to many rows at once: those with no form of
    their own other than a reason (one reason, given for all). Danger buttons (disqualify, reject,
    eliminate) are decided one dossier at a time, never in bulk."""
    return {
        name: action
        for name, action in declared(model, desk=desk).items()
        if action.form in tuple(forms) and not action.danger
    }


@dataclass
class BulkOutcome:
    """What a bulk action did: the rows it moved and, for each it did not, why (in the page's language)."""

    succeeded: list = field(default_factory=list)
    failed: list[tuple[Any, str]] = field(default_factory=list)


def perform_bulk(rows: Iterable[Model], perform) -> BulkOutcome:
    """Call `perform(row)` for each row on its own: every row is its own transaction (the service's
    perform_transition), so one refusal leaves the others done. A WorkflowError becomes that row's
    reason; anything else is a bug and propagates."""
    from .exceptions import WorkflowError

    outcome = BulkOutcome()
    for row in rows:
        try:
            perform(row)
        except WorkflowError as exc:
            outcome.failed.append((row, exc.message))
        else:
            outcome.succeeded.append(row)
    return outcome
