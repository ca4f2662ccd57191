"""Index counts against database counts, per document type."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy

from search.exceptions import SearchUnavailable
from search.services import index_status


class Command(BaseCommand):
    help = gettext_lazy("搜索索引状态")

    def handle(self, *args, **options):
        try:
            rows, pending, backend = index_status()
        except SearchUnavailable as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backend: {backend}")
        self.stdout.write(f"{'type':<14}{'database':>10}{'index':>10}  status")
        for row in rows:
            status = self.style.SUCCESS("ok") if row.in_sync else self.style.WARNING("differs 不一致")
            self.stdout.write(f"{row.key:<14}{row.in_database:>10}{row.in_index:>10}  {status}")
        self.stdout.write(f"Outbox rows pending 待推送: {pending}")
