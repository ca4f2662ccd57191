"""Demo programs and editions (manage.py seed_demo). Idempotent; dates relative to today."""

import datetime as dt

from django.utils import timezone

from .models import CriteriaFramework, Edition, Program

PROGRAMS = [
    {
        "slug": "qingdao-mayor-quality-award",
        "name": "青岛市市长质量奖",
        "kind": Program.Kind.QUALITY_AWARD,
        "level": Program.Level.MUNICIPAL,
        "authority": "青岛市人民政府",
        "region_code": "370200",
        "basis": "《青岛市市长质量奖管理办法》",
        "edition": {"award_quota": 5, "nomination_quota": 5, "notice_length": 7, "ban_years": 4, "validity_years": 5},
    },
    {
        "slug": "shandong-governor-quality-award",
        "name": "山东省省长质量奖",
        "kind": Program.Kind.QUALITY_AWARD,
        "level": Program.Level.PROVINCIAL,
        "authority": "山东省人民政府",
        "region_code": "370000",
        "basis": "《山东省省长质量奖管理办法》（2025年）",
        "edition": {
            "award_quota": 5,
            "nomination_quota": 5,
            "notice_length": 7,
            "has_recommendation_notice": True,
            "ban_kind": Edition.BanKind.LIFETIME,
            "validity_years": 5,
        },
    },
    {
        "slug": "national-quality-brand-zone",
        "name": "全国质量品牌提升示范区",
        "kind": Program.Kind.DEMONSTRATION_ZONE,
        "level": Program.Level.NATIONAL,
        "authority": "国家市场监督管理总局",
        "region_code": "",
        "basis": "《全国质量品牌提升示范区管理办法（试行）》（2024年）",
        "edition": {
            "award_quota": 20,
            "nomination_quota": 0,
            "notice_length": 5,
            "has_defence": True,
            "has_site_review": True,
            "validity_years": 3,
            "ban_years": 3,
        },
    },
]


def seed(stdout=None) -> dict:
    now = timezone.localtime()
    framework = CriteriaFramework.objects.filter(code="gbt19580-2012").first()
    editions = {}
    for spec in PROGRAMS:
        spec = dict(spec)
        edition_rules = spec.pop("edition")
        program, _ = Program.objects.update_or_create(slug=spec["slug"], defaults=spec)
        edition, _ = Edition.objects.get_or_create(
            program=program,
            year=now.year,
            defaults={
                "title": f"{now.year}年度{program.name}",
                "opens_at": now - dt.timedelta(days=30),
                "closes_at": (now + dt.timedelta(days=60)).replace(hour=17, minute=0, second=0, microsecond=0),
                "reference_date": dt.date(now.year - 1, 12, 31),
                "criteria_framework": framework if program.kind == Program.Kind.QUALITY_AWARD else None,
                **edition_rules,
            },
        )
        editions[program.slug] = edition
    return {"editions": editions}
