"""The 34 provincial-level divisions (GB/T 2260 first two digits) and their tile-grid cartogram.

The directory map is a tile grid, one equal square per division placed roughly where it lies,
drawn as inline SVG by the server: no geometry files, no external tiles or scripts. Equal tiles
also keep small divisions (Beijing, Macao) as visible as large ones when coloured by count.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language, gettext

# code, short name, English, column, row
PROVINCE_TILES = [
    ("23", "黑龙江", "Heilongjiang", 7, 0),
    ("15", "内蒙古", "Inner Mongolia", 4, 1),
    ("11", "北京", "Beijing", 5, 1),
    ("21", "辽宁", "Liaoning", 6, 1),
    ("22", "吉林", "Jilin", 7, 1),
    ("65", "新疆", "Xinjiang", 1, 2),
    ("62", "甘肃", "Gansu", 2, 2),
    ("64", "宁夏", "Ningxia", 3, 2),
    ("14", "山西", "Shanxi", 4, 2),
    ("13", "河北", "Hebei", 5, 2),
    ("12", "天津", "Tianjin", 6, 2),
    ("54", "西藏", "Tibet", 1, 3),
    ("63", "青海", "Qinghai", 2, 3),
    ("61", "陕西", "Shaanxi", 3, 3),
    ("41", "河南", "Henan", 4, 3),
    ("37", "山东", "Shandong", 5, 3),
    ("51", "四川", "Sichuan", 2, 4),
    ("50", "重庆", "Chongqing", 3, 4),
    ("42", "湖北", "Hubei", 4, 4),
    ("34", "安徽", "Anhui", 5, 4),
    ("32", "江苏", "Jiangsu", 6, 4),
    ("53", "云南", "Yunnan", 2, 5),
    ("52", "贵州", "Guizhou", 3, 5),
    ("43", "湖南", "Hunan", 4, 5),
    ("36", "江西", "Jiangxi", 5, 5),
    ("33", "浙江", "Zhejiang", 6, 5),
    ("31", "上海", "Shanghai", 7, 5),
    ("45", "广西", "Guangxi", 3, 6),
    ("44", "广东", "Guangdong", 4, 6),
    ("35", "福建", "Fujian", 5, 6),
    ("71", "台湾", "Taiwan", 6, 6),
    ("46", "海南", "Hainan", 3, 7),
    ("82", "澳门", "Macao", 4, 7),
    ("81", "香港", "Hong Kong", 5, 7),
]
PROVINCE_NAMES = {code: name for code, name, *_ in PROVINCE_TILES}
ENGLISH_NAMES = {code: english for code, _name, english, *_ in PROVINCE_TILES}


def province_name(code: str) -> str:
    """A division's short name in the page's language (empty for an unknown code)."""
    return (ENGLISH_NAMES if get_language() == "en" else PROVINCE_NAMES).get(code, "")


def province_choices() -> list[tuple[str, str]]:
    """(code, name) in the page's language, "all" first: a callable, so each request asks anew."""
    english = get_language() == "en"
    return [("", gettext("全部"))] + [(code, en if english else name) for code, name, en, *_ in PROVINCE_TILES]


TILE = 56
GAP = 4
# Light to dark; level 0 is "no zones".
PALETTE = ["#eef1f5", "#cfe3f3", "#9ecae1", "#5a9fcf", "#2b6cb0", "#174a7e"]


@dataclass(frozen=True)
class MapTile:
    code: str
    name: str
    english: str
    x: int
    y: int
    count: int
    fill: str
    text_fill: str
    selected: bool


def colour_level(count: int, highest: int) -> int:
    if count <= 0 or highest <= 0:
        return 0
    steps = len(PALETTE) - 1
    return max(1, min(steps, -(-count * steps // highest)))  # ceiling, so 1 zone is never blank


def map_tiles(counts: dict[str, int], selected: str = "") -> list[MapTile]:
    highest = max(counts.values(), default=0)
    tiles = []
    for code, name, english, column, row in PROVINCE_TILES:
        count = counts.get(code, 0)
        level = colour_level(count, highest)
        tiles.append(
            MapTile(
                code=code,
                name=name,
                english=english,
                x=(column - 1) * (TILE + GAP),  # column 0 is empty in the layout
                y=row * (TILE + GAP),
                count=count,
                fill=PALETTE[level],
                text_fill="#ffffff" if level >= 4 else "#1a202c",
                selected=code == selected,
            )
        )
    return tiles


MAP_WIDTH = 7 * (TILE + GAP)
MAP_HEIGHT = 8 * (TILE + GAP)
