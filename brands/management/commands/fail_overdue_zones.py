from django.core.management.base import BaseCommand

from brands.tasks import fail_overdue_zone_creations, send_zone_reminders


class Command(BaseCommand):
    help = (
        "Mark zones whose creation period ended without an acceptance application as creation_failed; send reminders."
    )

    def handle(self, *args, **options):
        failed = fail_overdue_zone_creations.delay().get()
        reminders = send_zone_reminders.delay().get()
        self.stdout.write(f"creation_failed: {len(failed)} zone(s); reminders sent: {reminders}")
