"""Erase the personal data whose retention period has ended (docs/retention.md).

Dry run by default: lists per record class how many records would be erased. `--apply` erases them,
with a progress bar, then reports per class and checks the audit chain.
"""

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from workflows.retention.services import erase_expired, find_expired
from workflows.selectors import verify_audit_chain


class Command(BaseCommand):
    help = "Erase personal data past its retention period (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="erase; without it nothing changes")

    def handle(self, *args, apply: bool = False, **options):
        expired = find_expired()
        for group in expired:
            period = group.period
            self.stdout.write(
                f"{group.record_class} ({period.get_record_class_display()}, {period.years} years): "
                f"{len(group.records)} expired"
            )
        if not apply:
            self.stdout.write("dry run: nothing changed (run with --apply to erase)")
            return
        console = Console(file=self.stderr._out, force_terminal=False)
        report: list[tuple[str, int, list]] = []
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console) as bar:
            for group in expired:
                task = bar.add_task(group.record_class, total=len(group.records))
                done, failed = 0, []
                for outcome in erase_expired(group):
                    if outcome.error:
                        failed.append(outcome)
                    else:
                        done += 1
                    bar.advance(task)
                report.append((group.record_class, done, failed))
        self.stdout.write("report:")
        for record_class, done, failed in report:
            self.stdout.write(f"  {record_class}: {done} erased, {len(failed)} failed")
            for outcome in failed:
                self.stdout.write(f"    {type(outcome.record).__name__} {outcome.record.pk}: {outcome.error}")
        problems = verify_audit_chain()
        if problems:
            raise CommandError(f"audit chain broken after the purge: {len(problems)} problem(s)")
        self.stdout.write(self.style.SUCCESS("audit chain intact"))
        if any(failed for _, _, failed in report):
            raise CommandError("some records could not be erased; they are left as they were (see the report)")
