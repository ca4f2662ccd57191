"""The staff desks, for one navigation shared by every desk page and the tiles of the staff home.

Each desk says once who may open it (a named predicate that reads the user) and how many items
wait on that user there ("needs my action"). Programs register their own desk from their
`register_*` function (awards, brands, cities); the engine's desks (review, notices, objections,
titles, exports) are registered here. Nothing else keeps a list of desk links: a page that shows
the navigation gets it from `staff_navigation(user)`, which links only desks the user may open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import desks
from .permissions import Predicate, is_committee_or_secretariat, is_secretariat


@dataclass(frozen=True)
class StaffDesk:
    key: str
    label: Any
    url_name: str
    may_open: Predicate
    # How many items wait on this user here: a number, a queryset whose rows are counted, or a
    # list of these (summed); None: the desk shows no number. Querysets are counted together with
    # every other desk's in one query (count_together), so the navigation costs one round trip.
    needs_action: Callable[[Any], Any] | None = None
    order: int = 100
    anchor: str = ""
    # The staff pages that belong to this desk, as view names or their prefixes ("notices:staff_"):
    # each shows the navigation with this desk marked current (workflows/context_processors.py).
    pages: tuple[str, ...] = ()


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url: str
    needs_action: int | None
    current: bool


_DESKS: dict[str, StaffDesk] = {}


def register_desk(desk: StaffDesk) -> StaffDesk:
    _DESKS[desk.key] = desk
    return desk


def unregister_desk(key: str) -> None:
    _DESKS.pop(key, None)


def staff_navigation(user, current: str = "") -> list[NavEntry]:
    """The desks `user` may open, in order, each with its needs-my-action number; empty for a user
    who may open none. Every desk's querysets are counted in one query (count_together)."""
    shown = []
    opens: dict[int, bool] = {}  # desks sharing a predicate ask it once
    for desk in sorted(_DESKS.values(), key=lambda d: (d.order, d.key)):
        if id(desk.may_open) not in opens:
            opens[id(desk.may_open)] = desk.may_open(None, user)
        if not opens[id(desk.may_open)]:
            continue
        try:
            url = reverse(desk.url_name)
        except NoReverseMatch:  # the desk's app is not installed in this deployment
            continue
        parts = desk.needs_action(user) if desk.needs_action else None
        if parts is not None and not isinstance(parts, (list, tuple)):
            parts = [parts]
        shown.append((desk, url, parts))
    querysets = [part for _d, _u, parts in shown for part in parts or () if isinstance(part, QuerySet)]
    counted = dict(zip(map(id, querysets), count_together(querysets), strict=True))
    return [
        NavEntry(
            desk.key,
            str(desk.label),
            url + (f"#{desk.anchor}" if desk.anchor else ""),
            None if parts is None else sum(counted[id(p)] if isinstance(p, QuerySet) else p for p in parts),
            desk.key == current,
        )
        for desk, url, parts in shown
    ]


def count_together(querysets: list[QuerySet]) -> list[int]:
    """The row count of each queryset, all in one round trip:
    ``SELECT (SELECT COUNT(*) FROM (<q1>) q0), (SELECT COUNT(*) FROM (<q2>) q1), ...``.
    A queryset that can match nothing (``.none()``, ``pk__in=[]``) counts 0 without SQL."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    counts: list[int | None] = []
    parts, params = [], []
    for queryset in querysets:
        try:
            sql, sql_params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            counts.append(0)
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS q{len(parts)})")
        params.extend(sql_params)
        counts.append(None)
    if parts:
        with connections[querysets[0].db].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            found = iter(cursor.fetchone())
        counts = [next(found) if count is None else count for count in counts]
    return counts


def desk_of_page(view_name: str) -> str | None:
    """The key of the desk a staff page belongs to (the longest matching `pages` entry), or None for
    a page that is no desk's (public pages, the applicant's and the expert's own pages)."""
    best, best_length = None, 0
    for desk in _DESKS.values():
        for prefix in desk.pages:
            if view_name.startswith(prefix) and len(prefix) > best_length:
                best, best_length = desk.key, len(prefix)
    return best


def dashboard_links(user) -> list[tuple[str, str, int | None]]:
    """The desks as links on the person's dashboard (accounts/dashboard_links.py)."""
    return [(desk.url, desk.label, desk.needs_action) for desk in staff_navigation(user)]


def dossiers_needing(model, user) -> QuerySet:
    """A program desk's number, as the queryset the navigation counts: its dossiers in a state
    where the desk offers `user` a button."""
    states = desks.actionable_states(model, user)
    return model._default_manager.filter(state__in=states) if states else model._default_manager.none()


# --- the engine's desks ----------------------------------------------------------------------


def _review_needs(user) -> list[QuerySet] | None:
    """Dossiers waiting for a panel (workflows.review.selectors.awaiting_panel_querysets) plus
    pending amendment requests."""
    if not user.is_secretariat:
        return None  # the committee reads rankings there; nothing waits on one member
    from .review.models import AmendmentRequest
    from .review.selectors import awaiting_panel_querysets

    pending = AmendmentRequest.objects.filter(status=AmendmentRequest.Status.PENDING)
    return [*awaiting_panel_querysets(), pending]


def _notice_needs(user) -> list[QuerySet]:
    """Candidates proposed and not yet on a notice, plus open notices whose period has ended."""
    from . import programs
    from .notices.models import PublicNotice

    waiting = [
        program.model._default_manager.filter(state=program.states.proposed) for program in programs.with_notice()
    ]
    ended = PublicNotice.objects.filter(status=PublicNotice.Status.OPEN, closes_at__lte=timezone.now())
    return [*waiting, ended]


def _objection_needs(user) -> QuerySet:
    from .notices.models import Objection

    return Objection.objects.filter(status__in=Objection.OPEN_STATUSES)


def _title_needs(user) -> QuerySet:
    from .titles.selectors import reviews_for_staff

    return reviews_for_staff(user, due_before=timezone.localdate())


register_desk(
    StaffDesk(
        "review",
        _("评审管理"),
        "review:staff_home",
        is_committee_or_secretariat,
        _review_needs,
        40,
        pages=("review:staff_", "review:ranking", "review:ballot", "review:export", "review:decide_amendment"),
    )
)
register_desk(
    StaffDesk(
        "notices", _("公示管理"), "notices:staff_desk", is_secretariat, _notice_needs, 50, pages=("notices:staff_",)
    )
)
register_desk(
    StaffDesk(
        "objections",
        _("异议处理"),
        "notices:staff_desk",
        is_secretariat,
        _objection_needs,
        60,
        "objections",
        pages=("notices:staff_objection",),
    )
)
register_desk(
    StaffDesk(
        "titles", _("称号与证书"), "titles:staff_titles", is_secretariat, _title_needs, 70, pages=("titles:staff_",)
    )
)
register_desk(StaffDesk("exports", _("数据导出"), "review:staff_home", is_secretariat, None, 80, "exports"))


# --- a desk's list page: state tabs with counts, filters kept in the URL -----------------------


@dataclass(frozen=True)
class StateTab:
    value: str
    label: str
    count: int
    url: str
    current: bool


def query_without(query_dict, *keys: str) -> str:
    """The page's query string without `keys` (page links and tabs keep every other filter)."""
    kept = query_dict.copy()
    for key in keys:
        kept.pop(key, None)
    return kept.urlencode()


STAFF_PAGE_SIZE = 50


def paginate(request, rows, *, param: str = "page", per_page: int | None = None) -> tuple[Any, str]:
    """One page of a staff list (`?<param>=N`, STAFF_PAGE_SIZE rows) and the query string its page
    links keep (every other filter, and the other list's page where a desk shows two lists)."""
    from django.core.paginator import Paginator

    page = Paginator(rows, per_page or STAFF_PAGE_SIZE).get_page(request.GET.get(param))
    return page, query_without(request.GET, param)


def state_tabs(query_dict, queryset, choices, current: str) -> tuple[list[StateTab], int]:
    """One tab per state that has rows under the page's other filters, with its count, plus 全部.

    `queryset` is the list filtered by everything but the state: one grouped count query.
    Returns the tabs and the total (共 N 条 before the state filter).
    """
    from django.db.models import Count

    counts = dict(queryset.order_by().values_list("state").annotate(n=Count("pk")))
    base = query_without(query_dict, "state", "page")
    total = sum(counts.values())

    def url(value: str) -> str:
        parts = [part for part in (base, f"state={value}" if value else "") if part]
        return "?" + "&".join(parts)

    tabs = [StateTab("", str(_("全部")), total, url(""), not current)]
    tabs += [
        StateTab(value, str(label), counts.get(value, 0), url(value), value == current)
        for value, label in choices
        if counts.get(value) or value == current
    ]
    return tabs, total


def report_bulk_outcome(request, action, outcome, *, label: Callable[[Any], str]) -> None:
    """The bulk action's summary as the page's messages: how many succeeded, then each row that did
    not with its reason (already in the page's language: domain errors go through the catalogue)."""
    from django.contrib import messages
    from django.utils.translation import gettext

    if outcome.succeeded:
        messages.success(
            request,
            gettext("“%(action)s”：%(n)d 条已完成。") % {"action": action.label, "n": len(outcome.succeeded)},
        )
    if outcome.failed:
        messages.error(
            request, gettext("“%(action)s”：%(n)d 条未完成。") % {"action": action.label, "n": len(outcome.failed)}
        )
    for row, reason in outcome.failed:
        messages.error(request, gettext("%(row)s：%(reason)s") % {"row": label(row), "reason": reason})


@dataclass(frozen=True)
class BulkRequest:
    action: Any  # the DeskAction chosen, or None
    ids: list[int]
    reason: str
    problem: str  # why nothing may run ('' when the rows may be tried)


def read_bulk_request(post, actions: dict) -> BulkRequest:
    """The checked rows, the chosen bulk action and its reason, refused before any row is touched
    when the action is missing, no row is checked, or a needs-a-reason action has none."""
    from django.utils.translation import gettext

    action = actions.get(post.get("action", ""))
    ids = [int(value) for value in post.getlist("ids") if value.isdigit()]
    reason = post.get("reason", "").strip()
    if action is None:
        problem = gettext("请选择要执行的批量操作。")
    elif not ids:
        problem = gettext("请至少勾选一条记录。")
    elif action.needs_reason and not reason:
        problem = gettext("“%(action)s”须填写理由，理由将记入所选的每一条记录。") % {"action": action.label}
    else:
        problem = ""
    return BulkRequest(action, ids, reason, problem)


def desk(key: str) -> StaffDesk | None:
    """The registered desk with this key, or None."""
    return _DESKS.get(key)


def desk_listing(request, unfiltered_by_state, *, choices, state: str, per_page: int, bulk: dict, offered) -> dict:
    """The shared part of a program's case list (the city and zone desks): state tabs over the list
    filtered by everything but the state, one page of it, and per row the bulk buttons offered on it now
    (`offered(rows)` → {pk: [DeskAction]}, e.g. workflows.desks.offered_for_rows). The context keys
    `page_obj`, `state_tabs`, `query`, `bulk_actions`, and `row_actions`: [(row, [action name])]."""
    tabs, _total = state_tabs(request.GET, unfiltered_by_state, choices, state)
    queryset = unfiltered_by_state.filter(state=state) if state else unfiltered_by_state
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    names = {pk: [a.name for a in actions if a.name in bulk] for pk, actions in offered(rows).items()}
    on_page = {name for row_names in names.values() for name in row_names}
    return {
        "page_obj": page,
        "row_actions": [(row, names[row.pk]) for row in rows],
        "state_tabs": tabs,
        "query": query_without(request.GET, "page"),
        "bulk_actions": [action for name, action in bulk.items() if name in on_page],
    }


def perform_bulk_request(request, *, bulk: dict, rows_by_ids, perform_one, list_url: str):
    """The shared bulk view of a case list: reads the checked rows, the action and its reason
    (read_bulk_request), runs `perform_one(action_name, row, {"expected_state", "reason"}, user)` on each
    row in its own transaction (workflows.desks.perform_bulk), reports the outcome and goes back to the
    list with its filters. Rows are labelled "name（reference no or id）"."""
    back = list_url + "?" + query_without(QueryDict(request.POST.get("filters", "")), "page")
    chosen = read_bulk_request(request.POST, bulk)
    if chosen.problem:
        messages.error(request, chosen.problem)
        return redirect(back)

    def perform(row) -> None:
        data = {"expected_state": request.POST.get(f"expected_{row.pk}", ""), "reason": chosen.reason}
        perform_one(chosen.action.name, row, data, request.user)

    outcome = desks.perform_bulk(rows_by_ids(chosen.ids), perform)
    report_bulk_outcome(
        request, chosen.action, outcome, label=lambda row: f"{row.name}（{getattr(row, 'reference_no', '') or row.pk}）"
    )
    return redirect(back)
