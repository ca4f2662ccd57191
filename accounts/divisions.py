"""Pickers for an organisation's region (GB/T 2260) and industry (GB/T 4754-2017), with names.

Applicants choose from these lists instead of typing codes (docs/organisation-profile.md).
Regions: every province-level division; the prefecture-level cities of Shandong and the
districts and county-level cities of Qingdao, where the programs this deployment runs
recommend and review by city and district. Industries: the twenty sections, and the
divisions of manufacturing (section C), where almost every award applicant sits.
Stored codes stay the standard's codes, so jurisdiction rules and recommender scopes
(prefix matches) keep working. The tables hold the standards' Chinese names; each is a msgid whose
English is in the catalogue (docs/i18n.md), so a page shows them in its own language.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from search.regions import INDUSTRY_SECTIONS, PROVINCES

SHANDONG_CITIES = {
    "370100": gettext_noop("济南市"), "370200": gettext_noop("青岛市"), "370300": gettext_noop("淄博市"),
    "370400": gettext_noop("枣庄市"), "370500": gettext_noop("东营市"), "370600": gettext_noop("烟台市"),
    "370700": gettext_noop("潍坊市"), "370800": gettext_noop("济宁市"), "370900": gettext_noop("泰安市"),
    "371000": gettext_noop("威海市"), "371100": gettext_noop("日照市"), "371300": gettext_noop("临沂市"),
    "371400": gettext_noop("德州市"), "371500": gettext_noop("聊城市"), "371600": gettext_noop("滨州市"),
    "371700": gettext_noop("菏泽市"),
}  # fmt: skip

QINGDAO_DISTRICTS = {
    "370202": gettext_noop("市南区"), "370203": gettext_noop("市北区"), "370211": gettext_noop("黄岛区（西海岸新区）"),
    "370212": gettext_noop("崂山区"), "370213": gettext_noop("李沧区"), "370214": gettext_noop("城阳区"),
    "370215": gettext_noop("即墨区"), "370281": gettext_noop("胶州市"), "370283": gettext_noop("平度市"),
    "370285": gettext_noop("莱西市"),
}  # fmt: skip

MANUFACTURING_DIVISIONS = {
    "13": gettext_noop("农副食品加工业"), "14": gettext_noop("食品制造业"), "15": gettext_noop("酒、饮料和精制茶制造业"),
    "16": gettext_noop("烟草制品业"), "17": gettext_noop("纺织业"), "18": gettext_noop("纺织服装、服饰业"),
    "19": gettext_noop("皮革、毛皮、羽毛及其制品和制鞋业"), "20": gettext_noop("木材加工和木、竹、藤、棕、草制品业"), "21": gettext_noop("家具制造业"),
    "22": gettext_noop("造纸和纸制品业"), "23": gettext_noop("印刷和记录媒介复制业"), "24": gettext_noop("文教、工美、体育和娱乐用品制造业"),
    "25": gettext_noop("石油、煤炭及其他燃料加工业"), "26": gettext_noop("化学原料和化学制品制造业"), "27": gettext_noop("医药制造业"),
    "28": gettext_noop("化学纤维制造业"), "29": gettext_noop("橡胶和塑料制品业"), "30": gettext_noop("非金属矿物制品业"),
    "31": gettext_noop("黑色金属冶炼和压延加工业"), "32": gettext_noop("有色金属冶炼和压延加工业"), "33": gettext_noop("金属制品业"),
    "34": gettext_noop("通用设备制造业"), "35": gettext_noop("专用设备制造业"), "36": gettext_noop("汽车制造业"),
    "37": gettext_noop("铁路、船舶、航空航天和其他运输设备制造业"), "38": gettext_noop("电气机械和器材制造业"),
    "39": gettext_noop("计算机、通信和其他电子设备制造业"), "40": gettext_noop("仪器仪表制造业"), "41": gettext_noop("其他制造业"),
    "42": gettext_noop("废弃资源综合利用业"), "43": gettext_noop("金属制品、机械和设备修理业"),
}  # fmt: skip


def region_choices() -> list[tuple[str, object]]:
    """Grouped choices for a <select>: each province, with Shandong's cities and Qingdao's districts."""
    groups: list[tuple[str, object]] = []
    for prefix, province in PROVINCES.items():
        level = gettext("%(name)s（省级）") if prefix != "37" else gettext("%(name)s（省直）")
        options = [(f"{prefix}0000", level % {"name": gettext(province)})]
        if prefix == "37":
            for code, city in SHANDONG_CITIES.items():
                name = gettext(city)
                options.append((code, gettext("%(name)s（市直）") % {"name": name} if code == "370200" else name))
                if code == "370200":
                    options.extend((d, _qingdao_district(d)) for d in QINGDAO_DISTRICTS)
        groups.append((gettext(province), options))
    return groups


def _qingdao_district(code: str) -> str:
    return gettext("%(city)s%(district)s") % {"city": gettext("青岛市"), "district": gettext(QINGDAO_DISTRICTS[code])}


def region_name(code: str | None) -> str:
    """The name of a region code in the active language: district, city or province (empty when unknown)."""
    code = code or ""
    shandong = gettext("山东省")
    if code in QINGDAO_DISTRICTS:
        parts = {"province": shandong, "city": gettext("青岛市"), "district": gettext(QINGDAO_DISTRICTS[code])}
        return gettext("%(province)s%(city)s%(district)s") % parts
    city = SHANDONG_CITIES.get(code) or (code[4:] != "00" and SHANDONG_CITIES.get(code[:4] + "00"))
    if city:
        return gettext("%(province)s%(city)s") % {"province": shandong, "city": gettext(city)}
    province = PROVINCES.get(code[:2])
    return gettext(province) if province else ""


def industry_choices() -> list[tuple[str, object]]:
    groups: list[tuple[str, object]] = []
    for letter, name in INDUSTRY_SECTIONS.items():
        section = f"{letter} {gettext(name)}"
        if letter == "C":
            options = [(f"C{d}", f"C{d} {gettext(label)}") for d, label in MANUFACTURING_DIVISIONS.items()]
            groups.append((section, options))
        else:
            groups.append((section, [(letter, section)]))
    return groups


def known_region(code: str) -> bool:
    return any(code == value for _group, options in region_choices() for value, _label in options)


def known_industry(code: str) -> bool:
    return any(code == value for _group, options in industry_choices() for value, _label in options)
