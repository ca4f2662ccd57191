"""Reference tables for facet labels: GB/T 2260 province-level codes and GB/T 4754 sections.

These are national standards, not per-edition rules, so they live here as constants. Documents are indexed
with the Chinese names; each name is a msgid (gettext_noop, so makemessages keeps it) with its English in the
catalogue, so a facet shows the name in the page's language (docs/i18n.md).
"""

from django.utils.translation import gettext, gettext_noop

PROVINCES = {
    "11": gettext_noop("北京市"), "12": gettext_noop("天津市"), "13": gettext_noop("河北省"), "14": gettext_noop("山西省"),
    "15": gettext_noop("内蒙古自治区"), "21": gettext_noop("辽宁省"), "22": gettext_noop("吉林省"), "23": gettext_noop("黑龙江省"),
    "31": gettext_noop("上海市"), "32": gettext_noop("江苏省"), "33": gettext_noop("浙江省"), "34": gettext_noop("安徽省"),
    "35": gettext_noop("福建省"), "36": gettext_noop("江西省"), "37": gettext_noop("山东省"), "41": gettext_noop("河南省"),
    "42": gettext_noop("湖北省"), "43": gettext_noop("湖南省"), "44": gettext_noop("广东省"), "45": gettext_noop("广西壮族自治区"),
    "46": gettext_noop("海南省"), "50": gettext_noop("重庆市"), "51": gettext_noop("四川省"), "52": gettext_noop("贵州省"),
    "53": gettext_noop("云南省"), "54": gettext_noop("西藏自治区"), "61": gettext_noop("陕西省"), "62": gettext_noop("甘肃省"),
    "63": gettext_noop("青海省"), "64": gettext_noop("宁夏回族自治区"), "65": gettext_noop("新疆维吾尔自治区"),
    "71": gettext_noop("台湾省"), "81": gettext_noop("香港特别行政区"), "82": gettext_noop("澳门特别行政区"),
}  # fmt: skip

INDUSTRY_SECTIONS = {
    "A": gettext_noop("农、林、牧、渔业"), "B": gettext_noop("采矿业"), "C": gettext_noop("制造业"),
    "D": gettext_noop("电力、热力、燃气及水生产和供应业"), "E": gettext_noop("建筑业"), "F": gettext_noop("批发和零售业"),
    "G": gettext_noop("交通运输、仓储和邮政业"), "H": gettext_noop("住宿和餐饮业"), "I": gettext_noop("信息传输、软件和信息技术服务业"),
    "J": gettext_noop("金融业"), "K": gettext_noop("房地产业"), "L": gettext_noop("租赁和商务服务业"),
    "M": gettext_noop("科学研究和技术服务业"), "N": gettext_noop("水利、环境和公共设施管理业"), "O": gettext_noop("居民服务、修理和其他服务业"),
    "P": gettext_noop("教育"), "Q": gettext_noop("卫生和社会工作"), "R": gettext_noop("文化、体育和娱乐业"),
    "S": gettext_noop("公共管理、社会保障和社会组织"), "T": gettext_noop("国际组织"),
}  # fmt: skip


def province_name(region_code: str | None) -> str:
    return PROVINCES.get((region_code or "")[:2], "")


def industry_label(industry_code: str | None) -> str:
    section = (industry_code or "")[:1].upper()
    label = INDUSTRY_SECTIONS.get(section)
    return f"{section} {label}" if label else ""


def facet_label(facet_key: str, value: str) -> str:
    """A facet value (an indexed Chinese name) in the active language; other facets' values are data."""
    if facet_key == "province":
        return gettext(value)
    if facet_key == "industry" and " " in value:
        section, name = value.split(" ", 1)
        return f"{section} {gettext(name)}"
    return value
