"""Public pages for the API tests: a site with calls and notices."""

import datetime as dt

from django.utils import timezone

import cms.demo
from cms.models import NoticePage
from tests.factories import EditionFactory


def site_with_calls(count: int) -> dict:
    editions = {f"call-{i}": EditionFactory() for i in range(count)}
    return cms.demo.seed(editions=editions)


def add_notice(index, slug: str, *, kind=NoticePage.Kind.CANDIDATES, live: bool = True, **fields) -> NoticePage:
    now = timezone.now()
    notice = index.add_child(
        instance=NoticePage(
            title=f"公示 {slug}",
            slug=slug,
            kind=kind,
            opens_at=fields.pop("opens_at", now - dt.timedelta(days=1)),
            closes_at=fields.pop("closes_at", now + dt.timedelta(days=4)),
            body="<p>拟授奖名单公示。</p>",
            live=False,
            **fields,
        )
    )
    if live:
        notice.save_revision().publish()  # sets first_published_at, as an editor's publish does
    return notice
