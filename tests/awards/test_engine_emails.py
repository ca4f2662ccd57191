"""The applicant hears about every change it can see, whichever part of the engine made it.

The award program's hook runs from workflows.services.perform_transition after commit, so a
committee ballot, a public notice opening or closing and naming email the applicant just as the
staff buttons do (once per recipient and transition: workflows.notifications).
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from accounts.models import Membership
from accounts.roles import Role
from tests.factories import AwardApplicationFactory, EditionFactory, UserFactory
from tests.notices.factories import notice_edition, open_notice, proposed_candidate, secretariat_user
from workflows.notices import services as notices
from workflows.review import services as review
from workflows.review.models import ReviewSettings
from workflows.review.services.release import release_results
from workflows.workdays import SHANGHAI

pytestmark = pytest.mark.django_db


def _applicant_of(application, email="applicant@haiyue.example"):
    user = UserFactory(email=email)
    Membership.objects.create(user=user, organization=application.organization)
    return user


def _status_emails_to(email):
    # The Chinese label (the first word), whatever the English catalogue adds.
    return [
        m.body.split("状态已更新为：")[1].split("。")[0].split()[0]
        for m in mail.outbox
        if m.to == [email] and "状态已更新为" in m.body
    ]


@pytest.mark.parametrize(("votes_for", "told"), [(7, "拟授奖"), (2, "未入选")])
def test_a_committee_ballot_emails_the_applicant_once_released(django_capture_on_commit_callbacks, votes_for, told):
    """The committee's decision is a held result (docs/programs.md, "Held results"): its email waits for the release."""
    edition = EditionFactory()
    ReviewSettings.objects.create(edition=edition)
    application = AwardApplicationFactory(edition=edition, state="committee_deliberation")
    _applicant_of(application)

    with django_capture_on_commit_callbacks(execute=True):
        review.record_ballot(
            application,
            tier="award",
            members_present=9,
            votes_for=votes_for,
            votes_against=9 - votes_for,
            abstentions=0,
            actor=UserFactory(roles=[Role.COMMITTEE]),
        )
    held = _status_emails_to("applicant@haiyue.example")
    with django_capture_on_commit_callbacks(execute=True):
        release_results(edition, "committee_deliberation", actor=secretariat_user())

    assert (held, _status_emails_to("applicant@haiyue.example")) == ([], [told])


def test_opening_and_closing_the_public_notice_and_naming_email_the_applicant(django_capture_on_commit_callbacks):
    staff = secretariat_user()
    application = proposed_candidate(notice_edition())
    _applicant_of(application)
    with time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        notice = open_notice([application], actor=staff)
    with time_machine.travel(dt.datetime(2025, 10, 20, 9, 0, tzinfo=SHANGHAI), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            notices.close_public_notice(notice, actor=staff)
        with django_capture_on_commit_callbacks(execute=True):
            notices.record_government_approval(
                notice.candidates.get(),
                approved=True,
                document_no="青政字〔2025〕88号",
                approved_on=dt.date(2025, 10, 20),
                actor=staff,
            )

    assert _status_emails_to("applicant@haiyue.example") == [
        "公示中",
        "待审定",
        "已授奖",
    ]
