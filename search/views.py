"""Search pages and JSON endpoints: each calls one selector."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from . import selectors
from .exceptions import SearchUnavailable
from .schema import FACETS, RELEVANCE, SORTS

APPLICATION_TYPES = ("application", "zone_dossier")  # award and zone dossiers


def _params(request) -> dict:
    return {
        "query": request.GET.get("q", ""),
        "filters": {facet.key: request.GET.getlist(facet.key) for facet in FACETS},
        "page": request.GET.get("page", 1),
        "sort": request.GET.get("sort", RELEVANCE),
    }


def _render_search(request, *, template_context: dict, doc_types=()):
    params = _params(request)
    context = {
        **template_context,
        "query": selectors.clean_query(params["query"]),
        "sorts": SORTS,
        "sort": params["sort"],
    }
    status = 200
    try:
        context["results"] = selectors.search(user=request.user, doc_types=doc_types, **params)
    except SearchUnavailable as exc:
        context["unavailable"] = exc.message
        status = 503
    return render(request, "search/search.html", context, status=status)


@require_GET
def search_page(request):
    return _render_search(request, template_context={"heading": gettext("搜索"), "action": request.path})


@require_GET
def dossier_search(request):
    """Staff search over application metadata (secretariat only)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_secretariat:
        raise PermissionDenied
    return _render_search(
        request,
        template_context={"heading": gettext("申报材料检索"), "action": request.path, "staff": True},
        doc_types=APPLICATION_TYPES,
    )


def _unavailable_json(exc: SearchUnavailable) -> JsonResponse:
    return JsonResponse({"error": str(exc.message)}, status=503, json_dumps_params={"ensure_ascii": False})


@require_GET
def search_json(request):
    try:
        results = selectors.search(user=request.user, **_params(request))
    except SearchUnavailable as exc:
        return _unavailable_json(exc)
    return JsonResponse(results.as_json(), json_dumps_params={"ensure_ascii": False})


@require_GET
def autocomplete_json(request):
    try:
        suggestions = selectors.autocomplete(request.GET.get("q", ""), user=request.user)
    except SearchUnavailable as exc:
        return _unavailable_json(exc)
    return JsonResponse(
        {"suggestions": [{"title": s.title, "url": s.url, "type": s.doc_type} for s in suggestions]},
        json_dumps_params={"ensure_ascii": False},
    )
