"""Erase the personal data whose retention period has ended (docs/retention.md).

Dry run by default: lists per record class how many records would be erased. `--apply` erases them,
with a progress bar, then reports per class and checks the audit chain.
"""

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from workflows.retention.services import find_expired, purge_expired


class Command(BaseCommand):
    help = "Erase personal data past its retention period (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="erase; without it nothing changes")

    def handle(self, *args, apply: bool = False, **options):
        if not apply:
            self._counts(find_expired())
            self.stdout.write("dry run: nothing changed (run with --apply to erase)")
            return
        console = Console(file=self.stderr._out, force_terminal=False)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console) as bar:
            current = {}

            def start(group):
                current["task"] = bar.add_task(group.record_class, total=len(group.records))

            report = purge_expired(apply=True, on_class=start, on_record=lambda _outcome: bar.advance(current["task"]))
        self._counts([r.expired for r in report.classes])
        self.stdout.write("report:")
        for result in report.classes:
            self.stdout.write(f"  {result.expired.record_class}: {result.erased} erased, {len(result.failed)} failed")
            for outcome in result.failed:
                self.stdout.write(f"    {type(outcome.record).__name__} {outcome.record.pk}: {outcome.error}")
        if report.audit_problems:
            raise CommandError(f"audit chain broken after the purge: {report.audit_problems} problem(s)")
        self.stdout.write(self.style.SUCCESS("audit chain intact"))
        if any(result.failed for result in report.classes):
            raise CommandError("some records could not be erased; they are left as they were (see the report)")

    def _counts(self, groups) -> None:
        for group in groups:
            period = group.period
            self.stdout.write(
                f"{group.record_class} ({period.get_record_class_display()}, {period.years} years): "
                f"{len(group.records)} expired"
            )
