"""An awarded title reached through the real notice workflow."""

import datetime as dt

import time_machine
from django.test import TestCase

from tests.notices.factories import notice_edition, open_notice, proposed_candidate, secretariat_user
from workflows.notices import services
from workflows.workdays import SHANGHAI

APPROVED_ON = dt.date(2025, 10, 20)


def awarded_title(name="青岛海岳精密制造有限公司", *, edition=None, render_pdf=False, staff=None):
    staff = staff or secretariat_user()
    candidate = proposed_candidate(edition or notice_edition(), name=name)
    with time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = open_notice([candidate], actor=staff)
    with time_machine.travel(dt.datetime(2025, 10, 20, 9, 0, tzinfo=SHANGHAI), tick=False):
        services.close_public_notice(notice, actor=staff)
        line = notice.candidates.get()
        with TestCase.captureOnCommitCallbacks(execute=render_pdf):
            title = services.record_government_approval(
                line, approved=True, document_no="青政字〔2025〕88号", approved_on=APPROVED_ON, actor=staff
            )
    return title
