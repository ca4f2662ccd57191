"""The bundled scoring frameworks of the city program (docs/cities.md): the 申述答辩 hearing's four
parts and the acceptance indicators the expert panel scores. Held as data (workflows.CriteriaFramework);
an edition's CityRules may point at any other framework staff enter in the admin.
"""

HEARING_CODE = "city-hearing-2012"
ACCEPTANCE_CODE = "city-acceptance-2012"

FRAMEWORKS = {
    HEARING_CODE: (
        "质量强市示范城市申述答辩",
        100,
        [
            (
                "H",
                "申述答辩",
                [("H1", "城市展示", 20), ("H2", "主陈述", 40), ("H3", "补充陈述", 20), ("H4", "专家问答", 20)],
            )
        ],
    ),
    ACCEPTANCE_CODE: (
        "质量强市示范城市验收指标（专家评分部分）",
        90,
        [
            ("A", "组织领导与制度", [("A1", "质量工作领导体制与考核", 10), ("A2", "质量发展规划与政策", 10)]),
            ("B", "质量安全与监管", [("B1", "产品质量监督抽查合格率", 15), ("B2", "质量安全事故防控", 10)]),
            ("C", "质量基础与品牌", [("C1", "标准、计量、认证认可、检验检测", 10), ("C2", "品牌培育与知名品牌", 10)]),
            ("D", "创建方案落实", [("D1", "量化指标完成情况", 15), ("D2", "创建任务完成情况", 10)]),
        ],
    ),
}


def load_frameworks(CriteriaFramework, Criterion) -> None:
    for code, (name, total, categories) in FRAMEWORKS.items():
        framework, _created = CriteriaFramework.objects.get_or_create(
            code=code, defaults={"name": name, "version": "2012", "total_points": total}
        )
        order = 0
        for cat_code, cat_title, items in categories:
            order += 1
            parent, _c = Criterion.objects.get_or_create(
                framework=framework,
                code=cat_code,
                defaults={"title": cat_title, "max_points": sum(p for _c2, _t, p in items), "order": order},
            )
            for item_code, item_title, points in items:
                order += 1
                Criterion.objects.get_or_create(
                    framework=framework,
                    code=item_code,
                    defaults={"parent": parent, "title": item_title, "max_points": points, "order": order},
                )
