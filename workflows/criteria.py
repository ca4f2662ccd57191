"""Loading criteria frameworks from their JSON description (workflows/data/*.json)."""

from __future__ import annotations

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


class FrameworkInconsistent(ValueError):
    pass


def load_framework(spec: dict, framework_model, criterion_model):
    """Create or update a framework and its categories/items; the points must add up."""
    categories = spec["categories"]
    for category in categories:
        item_sum = sum(points for _, _, points in category["items"])
        if item_sum != category["points"]:
            raise FrameworkInconsistent(f"{category['code']}: items add up to {item_sum}, not {category['points']}")
    if sum(c["points"] for c in categories) != spec["total_points"]:
        raise FrameworkInconsistent("categories do not add up to the total")
    framework, _ = framework_model.objects.update_or_create(
        code=spec["code"],
        defaults={
            "name": spec["name"],
            "version": spec["version"],
            "total_points": spec["total_points"],
            "note": spec.get("note", ""),
        },
    )
    order = 0
    for category in categories:
        order += 1
        parent, _ = criterion_model.objects.update_or_create(
            framework=framework,
            code=category["code"],
            defaults={
                "title": category["title"],
                "max_points": category["points"],
                "kind": category["kind"],
                "order": order,
                "parent": None,
            },
        )
        for code, title, points in category["items"]:
            order += 1
            criterion_model.objects.update_or_create(
                framework=framework,
                code=code,
                defaults={
                    "title": title,
                    "max_points": points,
                    "kind": category["kind"],
                    "order": order,
                    "parent": parent,
                },
            )
    return framework


def load_bundled_framework(name: str, framework_model, criterion_model):
    spec = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return load_framework(spec, framework_model, criterion_model)
