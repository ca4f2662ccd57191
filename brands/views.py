"""Public zones directory (with the province map), zone profiles, and the creating body's workspace."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from workflows.exceptions import WorkflowError

from . import selectors, services
from .forms import DirectoryFilterForm, ExtensionRequestForm, ZoneReportForm
from .provinces import MAP_HEIGHT, MAP_WIDTH, PROVINCE_NAMES, TILE, map_tiles

PAGE_SIZE = 30


def zone_directory(request):
    form = DirectoryFilterForm(request.GET)
    # is_valid() keeps the valid filters in cleaned_data: an invalid value is ignored, never an error page.
    form.is_valid()
    data = form.cleaned_data
    filters = selectors.DirectoryFilters(
        status=data.get("status") or "",
        province=data.get("province") or "",
        industry=data.get("industry") or "",
        year=data.get("year"),
    )
    page = Paginator(selectors.directory_zones(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("province", None)
    return render(
        request,
        "brands/zone_directory.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "rows": [(zone, PROVINCE_NAMES.get(zone.province_code, "")) for zone in page.object_list],
            "options": selectors.directory_filter_options(),
            "tiles": map_tiles(selectors.zone_counts_by_province(filters), filters.province),
            "map_width": MAP_WIDTH,
            "map_height": MAP_HEIGHT,
            "tile": TILE,
            "province_query": query.urlencode(),
        },
    )


def zone_profile(request, pk: int):
    zone = selectors.public_zone_profile(pk)
    return render(
        request,
        "brands/zone_profile.html",
        {
            "zone": zone,
            "province_name": PROVINCE_NAMES.get(zone.province_code, ""),
            "figures": list(zone.year_figures.all()),
            "timeline": selectors.zone_timeline(zone),
        },
    )


# --- the creating body's workspace ------------------------------------------------------------
@login_required
def my_zones(request):
    return render(request, "brands/my_zones.html", {"zones": list(selectors.zones_of_member(request.user))})


@login_required
def zone_workspace(request, pk: int):
    zone = selectors.member_zone(request.user, pk)
    return render(
        request,
        "brands/zone_workspace.html",
        {
            "zone": zone,
            "reports": list(zone.reports.all()),
            "figures": list(zone.year_figures.all()),
            "report_form": ZoneReportForm(initial={"year": timezone.localdate().year}),
            "extension_form": ExtensionRequestForm(),
        },
    )


def _act(request, pk: int, action) -> HttpResponseRedirect:
    """Run one service for the member's zone; users' mistakes become a message, never a 500."""
    zone = selectors.member_zone(request.user, pk)
    try:
        done = action(zone)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        if done:
            messages.success(request, done)
    return redirect("brands:workspace", pk=zone.pk)


@login_required
@require_POST
def file_zone_report(request, pk: int):
    form = ZoneReportForm(request.POST)

    def action(zone):
        if not form.is_valid():
            raise WorkflowError("请完整填写报告。Please complete the report form.")
        services.file_report(zone, actor=request.user, **form.cleaned_data)
        return "报告已提交。The report has been filed."

    return _act(request, pk, action)


@login_required
@require_POST
def request_zone_extension(request, pk: int):
    form = ExtensionRequestForm(request.POST)

    def action(zone):
        if not form.is_valid():
            raise WorkflowError("请填写延期理由。Please give a reason.")
        services.request_extension(zone, actor=request.user, reason=form.cleaned_data["reason"])
        return "延期申请已提交，待审批。The extension request has been filed."

    return _act(request, pk, action)


@login_required
@require_POST
def apply_zone_acceptance(request, pk: int):
    def action(zone):
        services.apply_for_acceptance(zone, actor=request.user)
        return "验收申请已提交。The acceptance application has been filed."

    return _act(request, pk, action)
