"""Load the demo data: programs, editions, call pages, organisations and users. Idempotent."""

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

import accounts.demo
import cms.demo
import workflows.demo


class Command(BaseCommand):
    help = "Create demo programs, editions, pages, organisations and users (safe to run again)."

    def handle(self, *args, **options):
        with self._emails_held_back() as held:
            with transaction.atomic():
                people = accounts.demo.seed(self.stdout)
                programs = workflows.demo.seed(self.stdout)
                cms.demo.seed(self.stdout, editions=programs["editions"])
                for seeder in demo_seeders():
                    seeder(self.stdout, people=people, programs=programs)
        self.stdout.write(self.style.SUCCESS(_("演示数据已就绪。")))
        self._print_summary(people, held)

    def _emails_held_back(self):
        """The demo's history sends notification emails; printed raw (the console backend) they bury the
        summary. They are kept in memory and counted instead; other backends (files, SMTP) still get them."""
        if settings.EMAIL_BACKEND != "django.core.mail.backends.console.EmailBackend":
            return _Nothing()
        return _HeldEmails()

    def _print_summary(self, people: dict, held: "list | None") -> None:
        self.stdout.write(
            _("演示账号（密码均为 %(password)s），在 %(url)s/accounts/login/ 登录：")
            % {"password": people["password"], "url": settings.SITE_URL}
        )
        for logins, role, path, hint in accounts.demo.WHERE_TO_START:
            self.stdout.write(f"  {logins:<16} {role}")
            self.stdout.write(f"  {'':<16} {_('从这里开始：')}{settings.SITE_URL}{path}  {hint}")
        if held:
            self.stdout.write(
                _("演示数据产生的%(count)s封通知邮件未打印；此后网站发出的邮件会打印在这里。") % {"count": len(held)}
            )


class _Nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class _HeldEmails:
    def __enter__(self) -> list:
        self._override = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
        self._override.enable()
        self._previous = getattr(mail, "outbox", None)
        mail.outbox = []
        return mail.outbox

    def __exit__(self, *exc):
        self._override.disable()
        if self._previous is None:
            del mail.outbox
        else:
            mail.outbox = self._previous
        return False


# The order the demo data is built in. The engine's steps are named here; a program (by its registry
# key) brings its own data through its registration's `demo` hook (workflows.programs.Program.demo).
# Zones are built before the notice demo and the awards after it, as they always were (the notice demo
# opens a notice for the editions' proposed dossiers and gives every edition its title rules); programs
# not named here follow in registration order. The search index is built last, over all of it.
DEMO_ORDER = ("review", "zones", "notices", "awards")


def _engine_demos() -> dict:
    import workflows.notices.demo
    import workflows.review.demo

    return {"review": workflows.review.demo.seed, "notices": workflows.notices.demo.seed}


def demo_seeders() -> list:
    """The seeders after the site's own data, in order: functions taking (stdout, people=, programs=)."""
    from search.demo import seed as index_search
    from workflows.programs import programs as registered

    steps = _engine_demos()
    steps.update({program.key: program.demo for program in registered() if program.demo is not None})
    named = [steps.pop(key) for key in DEMO_ORDER if key in steps]
    return [*named, *steps.values(), index_search]
