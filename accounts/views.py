from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from . import services
from .dashboard_links import extra_links
from .divisions import industry_choices, region_name
from .exceptions import UserError
from .fields import warn_about_credit_codes
from .forms import EnterpriseRegistrationForm, OneTimeCodeForm, OrganizationProfileForm
from .oidc import single_sign_on_enabled
from .roles import Role
from .selectors import organizations_of, roles_of


class LoginView(auth_views.LoginView):
    """Password login (staff, experts, locally registered applicants) and, when configured, the
    portal's 统一身份认证 button for applicants."""

    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if single_sign_on_enabled():
            context["single_sign_on_name"] = settings.OIDC_PROVIDER_NAME
        return context


def register(request):
    form = EnterpriseRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.register_enterprise(
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                full_name=data["full_name"],
                phone=data["phone"],
                organization_fields={
                    "name": data["organization_name"],
                    "credit_code": data["credit_code"],
                    "kind": data["kind"],
                    "region_code": data["region_code"],
                    "industry_code": data.get("industry_code", ""),
                    "founded_on": data["founded_on"],
                },
            )
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            warn_about_credit_codes(request, form)
            return render(request, "accounts/register_done.html", {"email": data["email"]})
    return render(request, "accounts/register.html", {"form": form})


def verify_email(request, token):
    try:
        services.verify_email(token)
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:register")
    messages.success(request, _("邮箱已验证，请登录。"))
    return redirect("accounts:login")


@login_required
def dashboard(request):
    """Send each role to its workspace; users with several roles pick one."""
    roles = roles_of(request.user)
    workspaces = []
    organizations = list(organizations_of(request.user))
    if Role.APPLICANT in roles or organizations:
        workspaces.append(("awards:dashboard", _("申报单位工作台")))
    if any(organization.creates_zones for organization in organizations):
        workspaces.append(("brands:mine", _("我的示范区")))
    if any(organization.kind == organization.Kind.LOCAL_GOVERNMENT for organization in organizations):
        workspaces.append(("cities:mine", _("我的示范城市申报")))
    if Role.RECOMMENDER in roles:
        workspaces.append(("awards:recommender_queue", _("推荐单位工作台")))
        workspaces.append(("brands:recommender_zones", _("示范区推荐")))
        workspaces.append(("cities:recommender_list", _("示范城市省级推荐")))
    if Role.EXPERT in roles:
        workspaces.append(("review:queue", _("专家评审")))
    if Role.COMMITTEE in roles and not request.user.is_secretariat:
        workspaces.append(("review:staff_home", _("评审委员会")))
    links = []
    for name, label in workspaces:
        try:
            links.append((reverse(name), label, None))
        except NoReverseMatch:  # workspace not installed in this deployment
            continue
    if request.user.is_secretariat:
        # The staff desks, each with what waits on this user there (registered by the engine).
        links.extend(extra_links(request.user))
        links.append((reverse("wagtailadmin_home"), _("后台管理"), None))
    return render(request, "accounts/dashboard.html", {"workspaces": links})


@login_required
def organization_profile(request, pk: int | None = None):
    """The organisation's own profile: founding date, region, industry, address, representative, contacts.

    Members only (others get 404: whether an organisation exists is not theirs to learn).
    `?next=` (a local path) brings the applicant back to the form that sent them here.
    """
    organizations = list(organizations_of(request.user))
    if not organizations:
        raise PermissionDenied(_("请使用申报单位账号登录。"))
    organization = next((o for o in organizations if o.pk == pk), None) if pk else organizations[0]
    if organization is None:
        raise Http404()
    form = OrganizationProfileForm(request.POST or None, instance=organization)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.update_organization_profile(organization, user=request.user, data=form.cleaned_data)
            messages.success(request, _("单位信息已保存。"))
            target = _safe_next(request)
            if target == reverse("accounts:dashboard"):
                target = reverse("accounts:organization", args=[organization.pk])
            return redirect(target)
        status = 422
        messages.error(request, _("请修正标出的错误。"))
    industries = {value: label for _g, options in industry_choices() for value, label in options}
    context = {
        "organization": organization,
        "organizations": organizations,
        "form": form,
        "region_label": region_name(organization.region_code),
        "industry_label": industries.get(organization.industry_code, organization.industry_code),
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    return render(request, "accounts/organization_profile.html", context, status=status)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("accounts:dashboard")


@login_required
def two_factor(request):
    """Enter the one-time code; or, before the first one, enrol an authenticator app by QR code."""
    from django_otp import login as otp_login

    from .two_factor import confirmed_device, pending_device, qr_code_svg, secret_base32

    if request.user.is_verified():
        return redirect(_safe_next(request))
    device = confirmed_device(request.user)
    enrolling = device is None
    if enrolling:
        # Enrolment is only possible while no device is confirmed, so a stolen password alone
        # can never replace the owner's authenticator.
        device = pending_device(request.user)
    form = OneTimeCodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        if enrolling:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, _("两步验证已通过。"))
        return redirect(_safe_next(request))
    context = {"form": form, "enrolling": enrolling, "next": _safe_next(request)}
    if enrolling:
        context.update(qr_svg=qr_code_svg(device), secret=secret_base32(device))
    return render(request, "accounts/two_factor.html", context)
