"""Push the indexing outbox now (after an outage), ignoring the backoff."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy

from search.exceptions import SearchUnavailable
from search.services import push_outbox


class Command(BaseCommand):
    help = gettext_lazy("推送待索引变更")

    def handle(self, *args, **options):
        try:
            report = push_outbox(force=True)
        except SearchUnavailable as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Pushed {report.pushed} outbox rows."))
