from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .credit_code import CreditCodeError, check_credit_code, normalize_credit_code
from .fields import CreditCodeField, validate_credit_code  # noqa: F401 (validate_credit_code re-exported)
from .roles import STAFF_ROLES, Role

# Bumped by accounts/signals.py whenever a RoleGrant is saved or deleted in this process. A user
# object's cached grants (User.role_grants_held) carry the number they were loaded at and are
# reloaded once it moved, so an object that outlives a grant change (a test that grants a role and
# goes on with the same user, a long-running task) never answers from stale grants.
_role_grants_version = 0


def role_grants_changed() -> None:
    global _role_grants_version
    _role_grants_version += 1


region_code_validator = RegexValidator(r"^\d{6}$", _("行政区划代码应为6位数字（GB/T 2260）。"))


class User(AbstractUser):
    """A person. What they may do comes from RoleGrant rows and organisation memberships."""

    full_name = models.CharField(_("姓名"), max_length=100, blank=True)
    phone = models.CharField(_("手机"), max_length=30, blank=True)
    email_verified = models.BooleanField(_("邮箱已验证"), default=False)

    def __str__(self) -> str:
        return self.full_name or self.username

    def role_grants_held(self) -> frozenset[tuple[str, str]]:
        """The user's grants as (role, region_code) pairs: one query per user object, then read from
        memory. A request's user is one object, so every predicate, desk tile and nav link of a page
        shares that query (docs/performance.md). Reloaded after a grant changes (see above)."""
        cached = self.__dict__.get("_role_grants_cache")
        if cached is None or cached[0] != _role_grants_version:
            grants = frozenset(self.role_grants.values_list("role", "region_code")) if self.pk else frozenset()
            cached = (_role_grants_version, grants)
            self.__dict__["_role_grants_cache"] = cached
        return cached[1]

    def role_set(self) -> set[str]:
        return {role for role, _region in self.role_grants_held()}

    def region_codes_for(self, role: str) -> list[str]:
        """The regions of the user's grants of `role` (a recommender's areas), sorted."""
        return sorted(region for held, region in self.role_grants_held() if held == role)

    def has_role(self, role: str) -> bool:
        return self.is_active and role in self.role_set()

    @property
    def is_secretariat(self) -> bool:
        return self.is_active and (self.is_superuser or bool(self.role_set() & STAFF_ROLES))


class Organization(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        LOCAL_GOVERNMENT = "local_government", _("地方人民政府")
        PARK_COMMITTEE = "park_committee", _("园区管理委员会")
        ASSOCIATION = "association", _("社会组织/协会")
        INSTITUTION = "institution", _("事业单位")

    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices, default=Kind.ENTERPRISE)
    name = models.CharField(_("名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    credit_code = CreditCodeField(_("统一社会信用代码"), unique=True)
    region_code = models.CharField(_("行政区划代码"), max_length=6, validators=[region_code_validator])
    industry_code = models.CharField(_("行业代码"), max_length=10, blank=True)
    group_name = models.CharField(_("所属集团"), max_length=200, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=60, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def creates_zones(self) -> bool:
        """Local governments and park management committees are the creating bodies of demonstration zones."""
        return self.kind in ZONE_CREATING_BODY_KINDS

    def clean(self) -> None:
        self.credit_code = normalize_credit_code(self.credit_code)

    @property
    def region_label(self) -> str:
        """The region's GB/T 2260 name for people to read (the code itself when the picker does not name it)."""
        from .divisions import region_name  # divisions reads search's tables, loaded after the models

        return region_name(self.region_code) or self.region_code

    @property
    def credit_code_warnings(self) -> str:
        """What the GB 32100 code tables do not know about this code, for staff to confirm ("" when nothing)."""
        try:
            return "；".join(check_credit_code(self.credit_code).warnings)
        except CreditCodeError as exc:
            return str(exc)


ZONE_CREATING_BODY_KINDS = [Organization.Kind.LOCAL_GOVERNMENT, Organization.Kind.PARK_COMMITTEE]


class Membership(models.Model):
    """A user acting for an organisation (an applicant's staff, a government's officer)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    is_admin = models.BooleanField(_("组织管理员"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")]
        verbose_name = _("成员")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}"


class RoleGrant(models.Model):
    """A role held by a user; recommenders are scoped to a region (prefix match on GB/T 2260)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    region_code = models.CharField(
        _("负责区域"),
        max_length=6,
        blank=True,
        help_text=_("推荐单位必填：370200 表示青岛市全部区县。"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role", "region_code"], name="unique_role_grant")]
        verbose_name = _("角色授权")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} {self.region_code}".strip()

    def clean(self) -> None:
        if self.role == Role.RECOMMENDER and not self.region_code:
            raise ValidationError({"region_code": _("推荐单位必须指定区域。")})


def region_prefix(region_code: str) -> str:
    """GB/T 2260 codes end in zeros for the wider area: 370000 province, 370200 city."""
    code = region_code or ""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


class ExternalIdentity(models.Model):
    """A person as known to an OpenID Connect provider (the portal's 统一身份认证), linked to a user.

    Found again by (issuer, subject) on every later login. Only a masked ID number is kept: the
    provider has already verified the person's real name, so the full number is not needed here
    (docs/single-sign-on.md).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities")
    issuer = models.CharField(_("身份提供方"), max_length=300)
    subject = models.CharField(_("用户标识"), max_length=255)
    id_number_masked = models.CharField(_("身份证号码（脱敏）"), max_length=18, blank=True)
    credit_code = models.CharField(_("登录时的统一社会信用代码"), max_length=18, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="unique_external_identity")]
        verbose_name = _("统一身份认证账号")
        verbose_name_plural = _("统一身份认证账号")

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"


class RateLimitCounter(models.Model):
    """One fixed-window POST counter of the rate limits when there is no Redis (docs/rate-limits.md).

    Incremented only by ``accounts.rate_limits.count_attempt`` in one SQL statement, so workers
    counting at the same time never lose a hit.
    """

    key = models.CharField(max_length=250, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    window_ends = models.BigIntegerField(db_index=True, help_text="Unix time (seconds) at which this window closes.")

    class Meta:
        verbose_name = _("限流计数")
        verbose_name_plural = _("限流计数")

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
