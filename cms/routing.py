"""Serving a public page in a few queries: Wagtail's routing and privacy check, same answers, less SQL.

Wagtail finds a page by walking the tree one path component at a time (a child query and a
`.specific` query per level), then asks for the page's ancestors and their view restrictions, and
every `.public()` list on the page asks for all restrictions again: 8–16 queries before the page's own
content on our two-level pages (docs/performance.md, Public pages).

`serve` below answers the same question from `url_path`, which Wagtail keeps equal to the parent's
`url_path` plus the slug on every save and move (docs/performance.md): one query for the page and
its ancestors, one for the specific page (with the relations its template reads, the model's
`route_select_related`), one for all view restrictions of the site (a small table). The page's
restrictions (its own and its ancestors', as `Page.get_view_restrictions` would give them) are
handed to Wagtail's `check_view_restrictions` hook on the page object, and the list is kept on the
request for the page's `.public()` lists (`public_pages`). Everything else — the `before_serve_page`
hooks, `page.serve`, the 404s — is Wagtail's own `serve`.

Whenever the shortcut cannot be sure it gives Wagtail's answer it steps aside and Wagtail routes as
usual: a page type that overrides `route()` (RoutablePageMixin and the like), an alias anywhere on
the path, two pages claiming one `url_path`, a chain of ancestors that does not match the tree.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.db.models import Q
from django.http import Http404
from django.urls import re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.url_routing import RouteResult

from .memo import authority_settings_for, find_site

STEPLEN = Page.steplen


@cache
def _every_page_type_routes_by_slug() -> bool:
    """True when no page type changes how a path is routed (the shortcut then gives Wagtail's answer)."""
    return all(model.route is Page.route for model in get_page_models())


def site_view_restrictions(request) -> list[PageViewRestriction]:
    """Every view restriction with its page (path and depth), once per request."""
    restrictions = getattr(request, "_qap_view_restrictions", None)
    if restrictions is None:
        restrictions = list(
            PageViewRestriction.objects.select_related("page").only(
                "id", "restriction_type", "password", "page__id", "page__path", "page__depth"
            )
        )
        request._qap_view_restrictions = restrictions
    return restrictions


def public_pages(pages, request=None):
    """`pages.public()` (Wagtail's: not in or under a restricted page), using the request's list of
    restrictions when there is one instead of asking the database again."""
    restrictions = getattr(request, "_qap_view_restrictions", None) if request is not None else None
    if restrictions is None:
        return pages.public()
    private = Q()
    for restriction in restrictions:
        private |= pages.descendant_of_q(restriction.page, inclusive=True)
    return pages.exclude(private) if private else pages


def _route(request, path: str):
    """The RouteResult Wagtail's `Page.route_for_request` would give, None for a 404, or NotImplemented
    when the shortcut steps aside."""
    if not _every_page_type_routes_by_slug():
        return NotImplemented
    site = find_site(request)
    if site is None:
        return None
    root = site.root_page
    components = [component for component in path.split("/") if component]
    if components:
        url_path = root.url_path + "/".join(components) + "/"
        prefixes = ["/"]
        for component in url_path.strip("/").split("/"):
            prefixes.append(prefixes[-1] + component + "/")
        rows = list(
            Page.objects.filter(url_path__in=prefixes).values_list(
                "id", "path", "url_path", "content_type_id", "alias_of_id", "live"
            )
        )
        targets = [row for row in rows if row[2] == url_path]
        if not targets:
            # No page there, or a page whose url_path is out of date: let Wagtail walk the tree.
            return NotImplemented
        if len(targets) > 1:
            return NotImplemented
        page_id, page_path, _url_path, content_type_id, _alias, live = targets[0]
        if not page_path.startswith(root.path):
            return NotImplemented
        chain = {row[1]: row for row in rows if page_path.startswith(row[1])}
        ancestor_paths = [page_path[:end] for end in range(STEPLEN, len(page_path) + 1, STEPLEN)]
        if any(p not in chain or chain[p][4] is not None for p in ancestor_paths if len(p) > STEPLEN):
            return NotImplemented  # an alias on the way, or a chain that does not match the tree
        if not live:
            return None
        model = apps.get_model("contenttypes", "ContentType").objects.get_for_id(content_type_id).model_class()
        if model is None or not issubclass(model, Page):
            return NotImplemented
        manager = model._default_manager
        related = getattr(model, "route_select_related", ())
        if related:
            manager = manager.select_related(*related)
        page = manager.get(id=page_id)
    else:
        if root.alias_of_id is not None:
            return NotImplemented
        page = root.specific
        if not page.live:
            return None
    restrictions = site_view_restrictions(request)
    # Page.get_view_restrictions: the page's own and its ancestors' (by tree path), aliases excluded above.
    own = [r for r in restrictions if page.path.startswith(r.page.path)]
    page.get_view_restrictions = lambda: own
    return RouteResult(page)


def serve(request, path):
    """Wagtail's `serve`, with the page found by `_route` when it can (see the module's docstring)."""
    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            found = _route(request, path)
        except Http404:
            found = None
        if found is not NotImplemented:
            request._wagtail_route_for_request = found
    _remembered_settings(request)
    return wagtail_views.serve(request, path)


def _remembered_settings(request) -> None:
    """The authority's settings every page's header and footer read (`settings.cms.AuthoritySettings`,
    Wagtail's `for_request`), from the row remembered between requests (cms/memo.py)."""
    from .models import AuthoritySettings

    attr_name = AuthoritySettings.get_cache_attr_name()
    if hasattr(request, attr_name) or find_site(request) is None:
        return
    instance = authority_settings_for(request, AuthoritySettings)
    instance._request = request
    setattr(request, attr_name, instance)


# Wagtail's URLs with its serve view replaced by ours (same pattern, same name).
urlpatterns = [
    *(pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", None) != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
]
