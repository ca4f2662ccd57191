"""Pickers for an organisation's region (GB/T 2260) and industry (GB/T 4754-2017), with names.

Applicants choose from these lists instead of typing codes (docs/organisation-profile.md).
Regions: every province-level division; the prefecture-level cities of Shandong and the
districts and county-level cities of Qingdao, where the programs this deployment runs
recommend and review by city and district. Industries: the twenty sections, and the
divisions of manufacturing (section C), where almost every award applicant sits.
Stored codes stay the standard's codes, so jurisdiction rules and recommender scopes
(prefix matches) keep working.
"""

from __future__ import annotations

from django.utils.translation import gettext

from search.regions import INDUSTRY_SECTIONS, PROVINCES

SHANDONG_CITIES = {
    "370100": "济南市", "370200": "青岛市", "370300": "淄博市", "370400": "枣庄市", "370500": "东营市",
    "370600": "烟台市", "370700": "潍坊市", "370800": "济宁市", "370900": "泰安市", "371000": "威海市",
    "371100": "日照市", "371300": "临沂市", "371400": "德州市", "371500": "聊城市", "371600": "滨州市",
    "371700": "菏泽市",
}  # fmt: skip

QINGDAO_DISTRICTS = {
    "370202": "市南区", "370203": "市北区", "370211": "黄岛区（西海岸新区）", "370212": "崂山区",
    "370213": "李沧区", "370214": "城阳区", "370215": "即墨区", "370281": "胶州市", "370283": "平度市",
    "370285": "莱西市",
}  # fmt: skip

MANUFACTURING_DIVISIONS = {
    "13": "农副食品加工业", "14": "食品制造业", "15": "酒、饮料和精制茶制造业", "16": "烟草制品业",
    "17": "纺织业", "18": "纺织服装、服饰业", "19": "皮革、毛皮、羽毛及其制品和制鞋业",
    "20": "木材加工和木、竹、藤、棕、草制品业", "21": "家具制造业", "22": "造纸和纸制品业",
    "23": "印刷和记录媒介复制业", "24": "文教、工美、体育和娱乐用品制造业", "25": "石油、煤炭及其他燃料加工业",
    "26": "化学原料和化学制品制造业", "27": "医药制造业", "28": "化学纤维制造业", "29": "橡胶和塑料制品业",
    "30": "非金属矿物制品业", "31": "黑色金属冶炼和压延加工业", "32": "有色金属冶炼和压延加工业",
    "33": "金属制品业", "34": "通用设备制造业", "35": "专用设备制造业", "36": "汽车制造业",
    "37": "铁路、船舶、航空航天和其他运输设备制造业", "38": "电气机械和器材制造业",
    "39": "计算机、通信和其他电子设备制造业", "40": "仪器仪表制造业", "41": "其他制造业",
    "42": "废弃资源综合利用业", "43": "金属制品、机械和设备修理业",
}  # fmt: skip


def region_choices() -> list[tuple[str, object]]:
    """Grouped choices for a <select>: each province, with Shandong's cities and Qingdao's districts."""
    groups: list[tuple[str, object]] = []
    for prefix, province in PROVINCES.items():
        level = gettext("%(name)s（省级）") if prefix != "37" else gettext("%(name)s（省直）")
        options = [(f"{prefix}0000", level % {"name": province})]
        if prefix == "37":
            for code, city in SHANDONG_CITIES.items():
                options.append((code, gettext("%(name)s（市直）") % {"name": city} if code == "370200" else city))
                if code == "370200":
                    options.extend((d, f"青岛市{name}") for d, name in QINGDAO_DISTRICTS.items())
        groups.append((province, options))
    return groups


def region_name(code: str | None) -> str:
    """The name of a region code: district, city or province (empty for an unknown code)."""
    code = code or ""
    if code in QINGDAO_DISTRICTS:
        return f"山东省青岛市{QINGDAO_DISTRICTS[code]}"
    if code in SHANDONG_CITIES:
        return f"山东省{SHANDONG_CITIES[code]}"
    if code[:4] in {c[:4] for c in SHANDONG_CITIES} and code[4:] != "00":
        return f"山东省{SHANDONG_CITIES.get(code[:4] + '00', '')}"
    return PROVINCES.get(code[:2], "")


def industry_choices() -> list[tuple[str, object]]:
    groups: list[tuple[str, object]] = []
    for letter, name in INDUSTRY_SECTIONS.items():
        if letter == "C":
            options = [(f"C{d}", f"C{d} {label}") for d, label in MANUFACTURING_DIVISIONS.items()]
            groups.append((f"C {name}", options))
        else:
            groups.append((f"{letter} {name}", [(letter, f"{letter} {name}")]))
    return groups


def known_region(code: str) -> bool:
    return any(code == value for _group, options in region_choices() for value, _label in options)


def known_industry(code: str) -> bool:
    return any(code == value for _group, options in industry_choices() for value, _label in options)
