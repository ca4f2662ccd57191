from django.core.management.base import BaseCommand

from workflows.services import write_audit_checkpoint


class Command(BaseCommand):
    help = "Sign the audit chain head, store it in the document store and publish it on the checkpoints page."

    def handle(self, *args, **options):
        checkpoint = write_audit_checkpoint()
        if checkpoint is None:
            self.stdout.write("no new rows since the last checkpoint")
        else:
            self.stdout.write(self.style.SUCCESS(f"checkpoint {checkpoint.row_count} rows {checkpoint.head_hash}"))
