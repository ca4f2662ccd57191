"""Demo expert pool and review settings (manage.py seed_demo). Idempotent."""

import datetime as dt

from accounts.credit_code import make_credit_code
from accounts.models import User

from .models import ConsultancyTie, ExpertProfile, PastEmployment, ReviewSettings

# username: (specialties, region, employer, employer credit code, titles)
EXPERTS = {
    "expert1": ("C38,C39", "370102", "山东大学质量研究院", "12370000495570161Y", "教授 / 卓越绩效评价师"),
    "expert2": ("C15,C14", "370102", "山东省标准化研究院", "12370000MB1577868U", "研究员"),
    "expert3": ("C37,C34", "110108", "中国质量协会", "51100000500000566T", "高级工程师 / 全国质量奖评审员"),
    "expert4": ("C38", "310104", "上海质量管理科学研究院", "12310000425010526K", "高级工程师"),
    "expert5": ("C29,C30", "370211", "青岛科技大学", "12370000495580407B", "教授"),
    "expert6": ("A01,A04", "320106", "江苏省质量和标准化研究院", "12320000466006853N", "研究员"),
    "expert7": ("C34,C37", "370602", "烟台大学经济管理学院", "12370000494490567X", "副教授"),
    "expert8": ("C15,C38", "330106", "浙江大学管理学院", "12330000470003281D", "教授 / 卓越绩效评价师"),
}


def seed(stdout=None, *, people=None, programs=None) -> None:
    for username, (specialties, region, employer, code, titles) in EXPERTS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        profile, _ = ExpertProfile.objects.update_or_create(
            user=user,
            defaults={
                "specialties": specialties,
                "region_code": region,
                "employer_name": employer,
                "employer_credit_code": code,
                "titles": titles,
                "qualifications": "省级质量奖评审专家",
            },
        )
        if username == "expert5":
            # A planted conflict for the demo: expert5 coached 海岳电器 last year.
            haiyue = (people or {}).get("organizations", {}).get("海岳电器")
            if haiyue is not None:
                ConsultancyTie.objects.get_or_create(
                    expert=profile,
                    credit_code=haiyue.credit_code,
                    defaults={
                        "kind": ConsultancyTie.Kind.COACHING,
                        "organization_name": haiyue.name,
                        "note": "卓越绩效导入辅导",
                    },
                )
        if username == "expert7":
            PastEmployment.objects.get_or_create(
                expert=profile,
                credit_code=make_credit_code("91370100MA3P7Y8A"),
                defaults={"organization_name": "济南泉城重型机械有限公司", "ended_on": dt.date(2024, 6, 30)},
            )
    for edition in (programs or {}).get("editions", {}).values():
        ReviewSettings.objects.get_or_create(edition=edition)
    if stdout:
        stdout.write("Expert pool and review settings ready. 专家库与评审设置已就绪。")
