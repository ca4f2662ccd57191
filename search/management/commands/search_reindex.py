"""Rebuild the search index from the database and switch to it without downtime."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

from search.exceptions import SearchUnavailable
from search.services import count_indexable, rebuild_index


def format_eta(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600:d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class Command(BaseCommand):
    help = gettext_lazy("重建搜索索引")

    def handle(self, *args, **options):
        total = sum(count_indexable().values())
        started = time.monotonic()
        interactive = hasattr(self.stdout, "isatty") and self.stdout.isatty() or sys.stdout.isatty()

        def progress(done: int) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            rate = done / elapsed
            eta = (total - done) / rate if rate else 0
            width = 30
            filled = int(width * done / total) if total else width
            bar = "#" * filled + "-" * (width - filled)
            line = f"[{bar}] {done}/{total} docs · {rate:,.0f} docs/s · ETA {format_eta(eta)}"
            self.stdout.write(("\r" + line) if interactive else line, ending="" if interactive else "\n")
            self.stdout.flush()

        try:
            name = rebuild_index(progress)
        except SearchUnavailable as exc:
            raise CommandError(str(exc)) from exc
        if interactive:
            self.stdout.write("")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                gettext("索引已切换到 %(name)s：%(total)s 条文档，用时 %(elapsed)s 秒。")
                % {"name": name, "total": total, "elapsed": format(elapsed, ".1f")}
            )
        )
