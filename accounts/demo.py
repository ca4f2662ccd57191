"""Demo organisations and users (manage.py seed_demo). Idempotent."""

from django.utils.translation import gettext_lazy as _

from .credit_code import make_credit_code
from .models import Membership, Organization, RoleGrant, User
from .roles import Role

DEMO_PASSWORD = "demo-pass-2026"

# name, short name, kind, region, industry, first 16 chars of the credit code, founded year, group
ORGANIZATIONS = [
    ("青岛海岳电器股份有限公司", "海岳电器", "enterprise", "370212", "C38", "91370200MA3C4H7P", 1998, "海岳集团"),
    ("青岛澜港啤酒有限公司", "澜港啤酒", "enterprise", "370202", "C15", "9137020016356268", 1993, ""),
    ("青岛北洋轨道装备有限公司", "北洋轨道", "enterprise", "370211", "C37", "91370211MA3M8Q2K", 2005, ""),
    ("青岛双星橡胶科技有限公司", "双星橡胶", "enterprise", "370214", "C29", "91370214MA3D1EE6", 2001, ""),
    ("青岛海岳智能家居有限公司", "海岳智家", "enterprise", "370212", "C38", "91370212MA3T0LD5", 2012, "海岳集团"),
    ("济南泉城重型机械有限公司", "泉城重机", "enterprise", "370112", "C34", "91370100MA3P7Y8A", 2000, ""),
    ("烟台蓬莱葡萄酒庄有限公司", "蓬莱酒庄", "enterprise", "370614", "C15", "91370600MA3N4KX1", 2008, ""),
    ("潍坊寿光蔬菜产业集团有限公司", "寿光蔬菜", "enterprise", "370783", "A01", "91370700MA3F2GW4", 2003, ""),
    ("淄博齐鲁陶瓷有限公司", "齐鲁陶瓷", "enterprise", "370303", "C30", "91370300MA3R5BC9", 1996, ""),
    ("威海远洋渔业有限公司", "远洋渔业", "enterprise", "371002", "A04", "91371000MA3Q6TT2", 2006, ""),
    ("青岛西海岸新区管理委员会", "西海岸新区", "park_committee", "370211", "", "11370200MB285970", 2014, ""),
    ("寿光市人民政府", "寿光市政府", "local_government", "370783", "", "1137078300423310", 1993, ""),
    # As self-registered before registration asked for the founding date: no profile fields beyond
    # the registration's, so the demo shows the path that fills them in (docs/organisation-profile.md).
    ("青岛新锐精密机械有限公司", "新锐精密", "enterprise", "370214", "", "91370214MA3X9KP6", None, ""),
]

# username, name, roles [(role, region)], organisation short name or None
USERS = [
    ("admin", "系统管理员", [(Role.SITE_ADMIN, "")], None),
    ("staff", "王秘书（评审办）", [(Role.SECRETARIAT, "")], None),
    ("rec_qd", "李推荐（青岛市市场监管局）", [(Role.RECOMMENDER, "370200")], None),
    ("rec_sd", "赵推荐（山东省市场监管局）", [(Role.RECOMMENDER, "370000")], None),
    ("committee", "陈委员", [(Role.COMMITTEE, "")], None),
    *[(f"expert{i}", f"专家{i}", [(Role.EXPERT, "")], None) for i in range(1, 9)],
    ("ent_haiyue", "张经理（海岳电器）", [(Role.APPLICANT, "")], "海岳电器"),
    ("ent_langgang", "刘经理（澜港啤酒）", [(Role.APPLICANT, "")], "澜港啤酒"),
    ("ent_beiyang", "孙经理（北洋轨道）", [(Role.APPLICANT, "")], "北洋轨道"),
    ("zone_xihaian", "周主任（西海岸新区）", [(Role.APPLICANT, "")], "西海岸新区"),
    ("ent_xinrui", "吴经理（新锐精密，自行注册）", [(Role.APPLICANT, "")], "新锐精密"),
]


# What seed_demo prints after loading: who each login is, the page to open first and what to try there.
WHERE_TO_START = [
    ("staff", _("评审办"), "/portal/staff/", _("受理、资格审查，组织评审、公示、授奖")),
    ("rec_qd", _("推荐单位（青岛市）"), "/portal/recommender/", _("初审并推荐青岛市的申报")),
    ("rec_sd", _("推荐单位（山东省）"), "/zones/recommender/", _("推荐示范区")),
    ("committee", _("评审委员会委员"), "/review/staff/", _("排名、敏感性分析和投票")),
    ("expert1…expert8", _("评审专家"), "/review/", _("声明回避、阅读申报材料、评分")),
    ("ent_haiyue、ent_langgang、ent_beiyang", _("申报单位"), "/portal/", _("申报、上传材料、查看进度和下一步")),
    ("ent_xinrui", _("自行注册的申报单位"), "/portal/", _("先补全单位信息（成立日期等），再申报")),
    ("zone_xihaian", _("示范区创建主体"), "/zones/mine/", _("申报示范区、报送年度数据、申请验收")),
    ("admin", _("系统管理员"), "/admin/", _("项目、届次、申报条件、页面和设置")),
]


def seed(stdout=None) -> dict:
    import datetime as dt

    by_short = {}
    for name, short, kind, region, industry, first17, year, group in ORGANIZATIONS:
        profile = (
            {"founded_on": dt.date(year, 3, 1), "contact_name": "联系人", "contact_phone": "0532-80000000"}
            if year
            else {}
        )
        org, _ = Organization.objects.get_or_create(
            credit_code=make_credit_code(first17),
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "region_code": region,
                "industry_code": industry,
                "group_name": group,
                **profile,
            },
        )
        by_short[short] = org
    logins = []
    for username, full_name, roles, org_short in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "email": f"{username}@demo.example", "email_verified": True},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        if username == "admin":
            user.is_superuser = True
        user.save()
        for role, region in roles:
            RoleGrant.objects.get_or_create(user=user, role=role, region_code=region)
        if org_short:
            Membership.objects.get_or_create(user=user, organization=by_short[org_short], defaults={"is_admin": True})
        logins.append((username, full_name))
    return {"organizations": by_short, "logins": logins, "password": DEMO_PASSWORD}
