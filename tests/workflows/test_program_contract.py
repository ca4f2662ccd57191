"""The engine's program contract (docs/programs.md), proved with a program that has no code of its own.

`PilotDossier` is a model with a state field and its transitions, registered with the engine;
there are no services, views, tasks or templates for it. Only engine services drive it: expert
review and the committee ballot (workflows/review), the public notice and the government's
approval (workflows/notices), naming and revocation (workflows/titles). Its after-commit hook
records every transition, whoever made it.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.test import TestCase
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

import cms.demo
from accounts.models import Organization
from accounts.roles import Role
from tests.factories import EditionFactory, OrganizationFactory, UserFactory
from tests.review.factories import make_experts
from tests.review.helpers import declare_and_submit
from workflows import programs
from workflows.models import Edition
from workflows.notices import selectors as notice_selectors
from workflows.notices import services as notices
from workflows.review import selectors as review_selectors
from workflows.review import services as review
from workflows.review.models import ReviewSettings
from workflows.services import perform_transition
from workflows.titles import services as titles
from workflows.titles.models import Title
from workflows.workdays import SHANGHAI


def _secretariat(dossier, user) -> bool:
    return bool(user and user.is_authenticated and user.is_secretariat)


def _define_model():
    """The fake program's dossier: a state field and its transitions, nothing else."""

    class PilotDossier(ConcurrentTransitionMixin, models.Model):
        edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="+")
        organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
        state = FSMField(default="reviewing", protected=True)
        tier = models.CharField(max_length=20, blank=True)

        class Meta:
            app_label = "workflows"  # defined and dropped by this module's fixture, never migrated

        @transition(field=state, source="material_review", target="reviewing", permission=_secretariat)
        def start_deliberation(self):
            pass

        @transition(field=state, source="reviewing", target="proposed", permission=_secretariat)
        def propose(self, tier: str):
            self.tier = tier

        @transition(field=state, source="reviewing", target="eliminated", permission=_secretariat)
        def eliminate(self):
            pass

        @transition(field=state, source="proposed", target="on_notice", permission=_secretariat)
        def open_public_notice(self):
            pass

        @transition(field=state, source="on_notice", target="objected", permission=_secretariat)
        def start_objection_review(self):
            pass

        @transition(field=state, source="objected", target="on_notice", permission=_secretariat)
        def resume_public_notice(self):
            pass

        @transition(field=state, source="on_notice", target="approving", permission=_secretariat)
        def close_public_notice(self):
            pass

        @transition(field=state, source="approving", target="named", permission=_secretariat)
        def award(self):
            pass

        @transition(field=state, source="approving", target="refused", permission=_secretariat)
        def decline_award(self):
            pass

        @transition(field=state, source=["proposed", "on_notice", "objected", "approving"], target="out")
        def disqualify(self):
            pass

        @transition(field=state, source="named", target="delisted")
        def revoke(self):
            pass

        @transition(field=state, source="named", target="lapsed")
        def expire(self):
            pass

    return PilotDossier


PilotDossier = None  # defined by the pilot_table fixture, removed from the app registry after


HEARD: list[tuple[str, str]] = []


def _registration() -> programs.Program:
    return programs.Program(
        key="pilot",
        model=PilotDossier,
        states=programs.ProgramStates(
            panel_stages=("material_review",),
            proposed="proposed",
            on_notice="on_notice",
            under_objection="objected",
            pending_approval="approving",
            disqualified="out",
            named=("named",),
            revoked="delisted",
            expired="lapsed",
        ),
        title_follow=programs.TitleFollow(revoked="revoke", expired="expire"),
        on_transition=lambda dossier, log: HEARD.append((log.transition, log.to_state)),
    )


@pytest.fixture(scope="module")
def pilot_table(django_db_setup, django_db_blocker):
    global PilotDossier
    PilotDossier = _define_model()
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(PilotDossier)
        # Committed outside the tests' transactions, so the content-type cache never points at a rolled-back row.
        content_type = ContentType.objects.get_for_model(PilotDossier)
    yield
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.delete_model(PilotDossier)
        content_type.delete()
    ContentType.objects.clear_cache()
    del apps.all_models["workflows"]["pilotdossier"]
    apps.clear_cache()


@pytest.fixture
def pilot(pilot_table, db):
    programs.register(_registration())
    HEARD.clear()
    yield
    programs.unregister("pilot")


def _dossier(edition, state="material_review") -> PilotDossier:
    dossier = PilotDossier.objects.create(edition=edition, organization=OrganizationFactory(name="试点城市"))
    PilotDossier.objects.filter(pk=dossier.pk).update(state=state)  # arrive where the test starts
    return PilotDossier.objects.get(pk=dossier.pk)


def _proposed_through_review(edition, staff) -> PilotDossier:
    dossier = _dossier(edition)
    make_experts(5)
    panel = review.create_panel(
        edition, stage="material_review", name="试点组", dossiers=[dossier], deadline=edition.closes_at, actor=staff
    )
    review.draw_panel(panel, actor=staff, seed="pilot")
    for assignment in panel.assignments.all():
        declare_and_submit(assignment, 80)
    review.finalize_panel(panel, actor=staff)
    with TestCase.captureOnCommitCallbacks(execute=True):
        perform_transition(dossier, "start_deliberation", actor=staff)  # the engine's one way to move a dossier
        review.record_ballot(
            dossier, tier="award", members_present=9, votes_for=7, votes_against=1, abstentions=1, actor=staff
        )
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def edition(db):
    edition = EditionFactory(notice_length=7, notice_unit="working", notice_start_day_counts=True)
    ReviewSettings.objects.create(edition=edition)
    return edition


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.SECRETARIAT])


def test_a_registered_program_offers_its_review_stage_dossiers_for_a_panel(pilot, edition):
    waiting = _dossier(edition, "material_review")
    _dossier(edition, "reviewing")

    choices = review_selectors.dossiers_awaiting_panel()

    assert [(c.dossier.pk, c.stage) for c in choices if isinstance(c.dossier, PilotDossier)] == [
        (waiting.pk, "material_review")
    ]


def test_an_unregistered_model_is_invisible_to_the_engine(pilot_table, db, edition):
    programs.unregister("pilot")
    _dossier(edition, "proposed")

    assert (review_selectors.dossiers_awaiting_panel(), notice_selectors.proposed_candidates(edition)) == ([], [])


def test_the_engine_drives_a_registered_program_through_review_notice_naming_and_revocation(pilot, edition, staff):
    dossier = _proposed_through_review(edition, staff)
    assert (dossier.state, dossier.tier) == ("proposed", "award")
    assert [c for _key, c in notice_selectors.proposed_candidates(edition)] == [dossier]

    cms.demo.seed()
    with time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI), tick=False):
        with TestCase.captureOnCommitCallbacks(execute=True):
            notice = notices.open_public_notice([dossier], actor=staff, start=dt.date(2025, 9, 26))
    with time_machine.travel(dt.datetime(2025, 10, 20, 9, 0, tzinfo=SHANGHAI), tick=False):
        with TestCase.captureOnCommitCallbacks(execute=True):
            notices.close_public_notice(notice, actor=staff)
            title = notices.record_government_approval(
                notice.candidates.get(),
                approved=True,
                document_no="试政〔2025〕1号",
                approved_on=dt.date(2025, 10, 20),
                actor=staff,
            )
    dossier.refresh_from_db()
    assert (dossier.state, title.dossier) == ("named", dossier)

    with TestCase.captureOnCommitCallbacks(execute=True):
        titles.revoke_title(
            title,
            trigger="fraud",
            reason="材料造假。",
            authority="试点市人民政府",
            document_no="试政〔2026〕2号",
            decided_on=dt.date(2026, 3, 2),
            actor=staff,
        )

    dossier.refresh_from_db()
    title.refresh_from_db()
    assert (title.state, dossier.state) == ("revoked", "delisted")
    assert HEARD == [
        ("start_deliberation", "reviewing"),
        ("propose", "proposed"),
        ("open_public_notice", "on_notice"),
        ("close_public_notice", "approving"),
        ("award", "named"),
        ("revoke", "delisted"),
    ]


def test_the_daily_expiry_moves_the_program_dossier_with_its_title(pilot, edition, staff):
    dossier = _dossier(edition, "named")
    title = Title.objects.create(
        content_type_id=review.dossier_key(dossier)[0],
        object_id=dossier.pk,
        organization=dossier.organization,
        edition=edition,
        holder_name="试点城市",
        approval_document_no="试政〔2020〕1号",
        approval_date=dt.date(2020, 1, 1),
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2024, 12, 31),
    )

    expired = titles.expire_due_titles(today=dt.date(2025, 1, 1))

    dossier.refresh_from_db()
    title.refresh_from_db()
    assert (expired, title.state, dossier.state) == (1, "expired", "lapsed")
