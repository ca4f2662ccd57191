"""Public pages of the engine: the audit checkpoints anyone may copy and hold the bureau to."""

from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors


def audit_checkpoints(request):
    page = Paginator(selectors.published_checkpoints(), 50).get_page(request.GET.get("page"))
    return render(request, "audit/checkpoints.html", {"page_obj": page, "checkpoints": page.object_list})
