"""Refuse NUL and other control characters in any query parameter, form field, JSON body or path.

PostgreSQL cannot store NUL in text and some drivers fail on it deep inside a query; other
control characters are never legitimate in what a person types (tab, line feed and carriage
return are, in text areas). One middleware answers every view and the API the same way:
400 with a message on pages, 422 with the offending parameter in the API (docs/input-cleaning.md).
"""

from __future__ import annotations

import json
import re

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _offending_fields(request) -> list[tuple[str, str]]:
    """(location, name) of every input holding a control character."""
    found: list[tuple[str, str]] = []
    if CONTROL_CHARACTERS.search(request.path):
        found.append(("path", request.path))
    for name, values in request.GET.lists():
        if CONTROL_CHARACTERS.search(name) or any(CONTROL_CHARACTERS.search(v) for v in values):
            found.append(("query", name))
    if request.method in {"POST", "PUT", "PATCH"}:
        content_type = request.content_type or ""
        if content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            for name, values in request.POST.lists():
                if CONTROL_CHARACTERS.search(name) or any(CONTROL_CHARACTERS.search(v) for v in values):
                    found.append(("form", name))
            for name, files in request.FILES.lists():
                if any(CONTROL_CHARACTERS.search(f.name or "") for f in files):
                    found.append(("form", name))
        elif content_type == "application/json" and request.body:
            try:
                data = json.loads(request.body)
            except ValueError:
                return found
            found += [("body", name) for name in _json_strings_with_control_characters(data, "")]
    return found


def _json_strings_with_control_characters(value, where: str) -> list[str]:
    if isinstance(value, str):
        return [where or "body"] if CONTROL_CHARACTERS.search(value) else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            name = f"{where}.{key}" if where else str(key)
            found += [name] if CONTROL_CHARACTERS.search(str(key)) else []
            found += _json_strings_with_control_characters(item, name)
        return found
    if isinstance(value, list):
        return [
            name
            for i, item in enumerate(value)
            for name in _json_strings_with_control_characters(item, f"{where}[{i}]")
        ]
    return []


class RejectControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            offending = _offending_fields(request)
        except UnicodeDecodeError:
            offending = [("body", "")]
        if not offending:
            return self.get_response(request)
        message = _("输入中含有不可见的控制字符（如空字符），请删除后重新提交。")
        if request.path.startswith("/api/"):
            errors = [{"type": "control_character", "loc": [where, name], "msg": message} for where, name in offending]
            return JsonResponse({"detail": message, "errors": errors}, status=422)
        fields = [name for where, name in offending if where != "path"]
        return render(request, "bad_input.html", {"message": message, "fields": fields}, status=400)
