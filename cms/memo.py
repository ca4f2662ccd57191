"""Rows every public page reads and that almost never change (the site, the authority's settings), kept
per process between requests.

An entry is used only while the public pages' generation number (config/page_cache.py, bumped when
a page is published, moved or deleted, a site or the authority's settings are saved) is the one it
was read under, and for at most MEMO_SECONDS: with Redis every process sees a bump at once; with the
embedded default's per-process cache another process's edit shows within MEMO_SECONDS
(docs/performance.md). Entries hold field values, never model instances: each request gets fresh
instances, so nothing one request sets on them (cached properties, `_request`) reaches another.
"""

from __future__ import annotations

import time

from django.core.cache import cache

MEMO_SECONDS = 30

_entries: dict = {}


def _generation(request) -> int:
    generation = getattr(request, "_qap_page_generation", None)
    if generation is None:
        from config.page_cache import GENERATION_KEY

        generation = request._qap_page_generation = cache.get(GENERATION_KEY) or 0
    return generation


def remembered(request, key, compute):
    """compute() once per generation and MEMO_SECONDS in this process; its result must be immutable."""
    generation = _generation(request)
    now = time.monotonic()
    entry = _entries.get(key)
    if entry is not None and entry[0] == generation and entry[1] > now:
        return entry[2]
    value = compute()
    _entries[key] = (generation, now + MEMO_SECONDS, value)
    return value


def forget() -> None:
    """Drop every entry of this process (the signals that bump the generation call it too)."""
    _entries.clear()


def _fields(instance) -> tuple:
    names = tuple(field.attname for field in instance._meta.concrete_fields)
    return names, tuple(getattr(instance, name) for name in names)


def _instance(model, fields):
    names, values = fields
    return model.from_db("default", names, values)


def find_site(request):
    """Wagtail's `Site.find_for_request` (the same site, its root page selected with it), remembered."""
    from django.http.request import split_domain_port
    from wagtail.models import Page, Site
    from wagtail.models.sites import get_site_for_hostname

    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def lookup():
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None
        return _fields(site), _fields(site.root_page)

    found = remembered(request, ("site", hostname, port), lookup)
    if found is None:
        site = None
    else:
        site = _instance(Site, found[0])
        site.root_page = _instance(Page, found[1])
    request._wagtail_site = site
    return site


def authority_settings_for(request, model):
    """`model.for_request(request)` for a site setting, from field values remembered per site."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        return model.for_site(site)  # raises DoesNotExist, as Wagtail does
    return _instance(model, remembered(request, (model._meta.label, site.pk), lambda: _fields(model.for_site(site))))
