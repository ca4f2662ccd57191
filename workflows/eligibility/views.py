"""The credit-screening step on any program's staff desk (docs/credit-screening.md).

The program says where the step is (`Program.credit_screening`); its case page includes
templates/eligibility/_credit_screening.html with `credit_screening_context(dossier, user)`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows import desks
from workflows.exceptions import WorkflowError
from workflows.permissions import is_secretariat
from workflows.programs import get_program, program_for

from . import selectors, services
from .forms import CreditDecisionForm
from .models import CreditCheck


def credit_screening_context(dossier, user, *, form: CreditDecisionForm | None = None, form_check=None) -> dict:
    """What the screening section of a staff case page shows."""
    checks = selectors.credit_checks_for(dossier)
    return {
        "credit_dossier": dossier,
        "credit_program": program_for(dossier).key,
        "credit_checks": checks,
        "credit_can_act": selectors.may_screen_credit(dossier, user),
        "credit_form": form if form is not None else CreditDecisionForm(),
        "credit_form_check": form_check or (checks[0].pk if checks else None),
        # The desk's buttons the screening holds back now, with why (they are not offered until it passes).
        "credit_held": desks.held_by_credit(dossier, user),
    }


def _dossier(request, program_key: str, pk: int):
    """The secretariat's dossier; 404 for anyone else and for programs without the step."""
    program = get_program(program_key)
    if program is None or program.credit_screening is None or not is_secretariat(None, request.user):
        raise Http404()
    return get_object_or_404(program.model, pk=pk)


def _back(request, dossier) -> str:
    """The page the form was posted from (the award's qualification page, a zone's case page)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        program = program_for(dossier)
        target = (program.credit_screening.page_url or program.staff_url)(dossier)
    return target.split("#")[0] + "#credit-screening"


@login_required
@require_POST
def credit_screen(request, program_key: str, pk: int):
    dossier = _dossier(request, program_key, pk)
    try:
        check = services.screen_dossier_credit(dossier, user=request.user)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        if check.decision == CreditCheck.Decision.PENDING:
            messages.warning(request, _("信用核查未能自动判定，请经办人填写决定和理由。"))
        else:
            messages.success(request, _("信用核查已记录。"))
    return redirect(_back(request, dossier))


@login_required
@require_POST
def credit_decide(request, program_key: str, pk: int, check_id: int):
    dossier = _dossier(request, program_key, pk)
    form = CreditDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_dossier_credit(dossier, check_id, user=request.user, **form.cleaned_data)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("信用核查决定已记录。"))
        return redirect(_back(request, dossier))
    # What was chosen stays, beside the message; the page links back to the case.
    context = credit_screening_context(dossier, request.user, form=form, form_check=check_id)
    context["back"] = context["credit_next"] = _back(request, dossier)
    return render(request, "eligibility/credit_decision.html", context, status=400)
