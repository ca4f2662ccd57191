"""Save and delete a desk filter; both go back to the desk, with the filter applied, and say what
happened (a refusal keeps the desk's filter so nothing the person chose is lost)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.staff_desks import desk as desk_named

from . import services


def _desk_url(desk_key: str, query: str = "") -> str:
    desk = desk_named(desk_key)
    if desk is None:
        raise Http404
    return reverse(desk.url_name) + (f"?{query}" if query else "")


@login_required
@require_POST
def save(request):
    desk_key = request.POST.get("desk", "")
    raw_query = request.POST.get("query", "")
    back = _desk_url(desk_key, services.filter_query(raw_query))
    try:
        saved = services.save_filter(request.user, desk_key, request.POST.get("name", ""), raw_query)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, _("已保存筛选“%(name)s”。") % {"name": saved.name})
    return redirect(back)


@login_required
@require_POST
def delete(request, pk: int):
    saved = services.delete_filter(request.user, pk)
    if saved is None:
        raise Http404
    messages.success(request, _("已删除筛选“%(name)s”。") % {"name": saved.name})
    return redirect(_desk_url(saved.desk, services.filter_query(request.POST.get("query", ""))))
