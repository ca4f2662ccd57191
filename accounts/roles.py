"""Roles are explicit constants stored on RoleGrant rows; never matched by translated group names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申报单位 Applicant")
    RECOMMENDER = "recommender", _("地方推荐单位 Recommender")
    SECRETARIAT = "secretariat", _("评审办/秘书处 Secretariat")
    EXPERT = "expert", _("评审专家 Expert")
    COMMITTEE = "committee", _("评审委员会委员 Committee member")
    SITE_ADMIN = "site_admin", _("系统管理员 Site admin")


STAFF_ROLES = {Role.SECRETARIAT, Role.SITE_ADMIN}
