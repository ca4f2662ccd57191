"""A small public site and dossiers to search, with the facts the tests check against."""

import datetime as dt

from django.utils import timezone

import cms.demo
from accounts.roles import Role
from awards.models import State
from cms.models import NoticePage
from tests.factories import (
    AwardApplicationFactory,
    EditionFactory,
    OrganizationFactory,
    ProgramFactory,
    UserFactory,
    applicant_for,
)
from workflows.models import Program


def build_site() -> dict:
    """Two programs, three editions, three calls, three notices, four dossiers (one a draft)."""
    award = ProgramFactory(slug="qd-award", name="青岛市市长质量奖", region_code="370200")
    zone = ProgramFactory(
        slug="zone",
        name="全国质量品牌提升示范区",
        kind=Program.Kind.DEMONSTRATION_ZONE,
        level=Program.Level.NATIONAL,
        authority="国家市场监督管理总局",
        region_code="",
    )
    award_2025 = EditionFactory(program=award, year=2025)
    award_2026 = EditionFactory(program=award, year=2026)
    zone_2026 = EditionFactory(program=zone, year=2026, title="2026年全国质量品牌提升示范区建设")
    site = cms.demo.seed(editions={"award-2025": award_2025, "award-2026": award_2026, "zone-2026": zone_2026})
    notices = site["notices_index"]
    opened = timezone.now() - dt.timedelta(days=3)
    candidates = notices.add_child(
        instance=NoticePage(
            title="2025年度青岛市市长质量奖拟授奖名单公示",
            slug="candidates-2025",
            kind=NoticePage.Kind.CANDIDATES,
            edition=award_2025,
            opens_at=opened,
            closes_at=opened + dt.timedelta(days=7),
            body="<p>经评审，拟授予青岛海岳电子科技有限公司（海岳电子）等3家单位青岛市市长质量奖。</p>",
        )
    )
    zones = notices.add_child(
        instance=NoticePage(
            title="全国质量品牌提升示范区命名公告",
            slug="zones-2026",
            kind=NoticePage.Kind.ZONE,
            edition=zone_2026,
            body="<p>西海岸新区等地区被命名为全国质量品牌提升示范区。</p>",
        )
    )
    general = notices.add_child(
        instance=NoticePage(
            title="关于平台维护的通知",
            slug="maintenance",
            kind=NoticePage.Kind.GENERAL,
            body="<p>系统将于周六凌晨维护。</p>",
        )
    )
    # Dossiers: metadata only secretariat staff may find.
    secret = OrganizationFactory(name="青岛朗港精密机械股份有限公司", short_name="朗港机械", region_code="370211")
    beiyang = OrganizationFactory(
        name="济南北洋软件有限公司", short_name="北洋软件", region_code="370102", industry_code="I65"
    )
    haiyue = OrganizationFactory(name="青岛海岳电子科技有限公司", short_name="海岳电子", region_code="370212")
    draft_org = OrganizationFactory(name="烟台草稿食品有限公司", short_name="草稿食品", region_code="370602")
    applications = [
        AwardApplicationFactory(edition=award_2026, organization=secret, state=State.SUBMITTED),
        AwardApplicationFactory(edition=award_2026, organization=beiyang, state=State.MATERIAL_REVIEW),
        AwardApplicationFactory(edition=award_2025, organization=haiyue, state=State.AWARDED),
        AwardApplicationFactory(edition=award_2026, organization=draft_org, state=State.DRAFT),
    ]
    return {
        **site,
        "editions": {"award-2025": award_2025, "award-2026": award_2026, "zone-2026": zone_2026},
        "notices": {"candidates": candidates, "zones": zones, "general": general},
        "organizations": {"secret": secret, "beiyang": beiyang, "haiyue": haiyue, "draft": draft_org},
        "applications": applications,
    }


def secretariat():
    return UserFactory(roles=[Role.SECRETARIAT])


def applicant_of(organization):
    return applicant_for(organization)
