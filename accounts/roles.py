"""Roles are explicit constants stored on RoleGrant rows; never matched by translated group names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申报单位")
    RECOMMENDER = "recommender", _("地方推荐单位")
    SECRETARIAT = "secretariat", _("评审办/秘书处")
    EXPERT = "expert", _("评审专家")
    COMMITTEE = "committee", _("评审委员会委员")
    SITE_ADMIN = "site_admin", _("系统管理员")


STAFF_ROLES = {Role.SECRETARIAT, Role.SITE_ADMIN}
