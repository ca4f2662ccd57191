"""Load the demo data: programs, editions, call pages, organisations and users. Idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction

import accounts.demo
import cms.demo
import workflows.demo


class Command(BaseCommand):
    help = "Create demo programs, editions, pages, organisations and users (safe to run again)."

    def handle(self, *args, **options):
        with transaction.atomic():
            people = accounts.demo.seed(self.stdout)
            programs = workflows.demo.seed(self.stdout)
            cms.demo.seed(self.stdout, editions=programs["editions"])
            for seeder in EXTRA_SEEDERS:
                seeder(self.stdout, people=people, programs=programs)
        self.stdout.write(self.style.SUCCESS("Demo data ready. 演示数据已就绪。"))
        self.stdout.write(f"Demo logins (password for all: {people['password']}):")
        for username, name in people["logins"]:
            self.stdout.write(f"  {username:<14} {name}")


# Later features add their own demo data here: functions taking (stdout, people=, programs=).
EXTRA_SEEDERS: list = []

import workflows.review.demo  # noqa: E402

EXTRA_SEEDERS.append(workflows.review.demo.seed)

import brands.demo  # noqa: E402

EXTRA_SEEDERS.append(brands.demo.seed)

import workflows.notices.demo  # noqa: E402

EXTRA_SEEDERS.append(workflows.notices.demo.seed)

import awards.demo  # noqa: E402

EXTRA_SEEDERS.append(awards.demo.seed)

import search.demo  # noqa: E402

# Keep last: indexes what every seeder above created.
EXTRA_SEEDERS.append(search.demo.seed)
