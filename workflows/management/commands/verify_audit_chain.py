from django.core.management.base import BaseCommand, CommandError

from workflows.models import TransitionLog
from workflows.selectors import verify_audit_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the transition log; exits non-zero when a row was edited or removed."

    def handle(self, *args, **options):
        problems = verify_audit_chain()
        for problem in problems:
            self.stderr.write(f"row {problem.log_id}: {problem.problem}")
        if problems:
            raise CommandError(f"audit chain broken: {len(problems)} problem(s)")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact ({TransitionLog.objects.count()} rows)"))
