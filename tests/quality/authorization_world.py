"""The data behind the authorization matrix: every user kind made real through the services.

Organisation A (Qingdao) has a dossier under material review with a drawn panel, a dossier on an
open public notice with an objection against it, an awarded title with its certificate, and a
demonstration zone. Organisation B (Jinan) has a dossier of its own. The assigned expert has
declared and scored; the conflicted expert was drawn onto the same panel and later declared a
consultancy tie with A, so the system must now keep the dossier from them.
"""

from __future__ import annotations

import datetime as dt

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.utils import timezone

import cms.demo
from accounts.roles import Role
from awards.models import State
from brands.models import State as ZoneState
from cms.models import CallPage
from tests.awards.factories import pdf
from tests.brands.factories import zone_in_state
from tests.cities.factories import city_in_state
from tests.factories import AwardApplicationFactory, EditionFactory, OrganizationFactory, UserFactory, applicant_for
from tests.notices.factories import individual_objection, notice_edition, pdf_upload
from tests.review.factories import ExpertProfileFactory
from tests.review.helpers import declare_and_submit
from workflows.documents.services import store_document
from workflows.notices import services as notice_services
from workflows.review import services as review_services
from workflows.review.models import Assignment, ConsultancyTie, ReviewSettings
from workflows.saved_filters.models import SavedFilter
from workflows.workdays import SHANGHAI

NOTICE_OPENS = dt.datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI)
OBJECTION_FILED = dt.datetime(2025, 9, 29, 10, 0, tzinfo=SHANGHAI)
APPROVAL_DAY = dt.datetime(2025, 10, 20, 9, 0, tzinfo=SHANGHAI)


def _people(org_a, org_b) -> dict:
    return {
        "applicant_a": applicant_for(org_a),
        "applicant_b": applicant_for(org_b),
        "recommender_x": UserFactory(roles=[(Role.RECOMMENDER, "370200")]),  # Qingdao: covers A
        "recommender_y": UserFactory(roles=[(Role.RECOMMENDER, "370100")]),  # Jinan: covers B, not A
        "expert_assigned": ExpertProfileFactory().user,
        # In the pool but away, so the draw cannot pick them.
        "expert_unassigned": ExpertProfileFactory(is_available=False).user,
        "expert_conflict": ExpertProfileFactory().user,
        "secretariat": UserFactory(roles=[Role.SECRETARIAT]),
        # Committee members see the ranking and record ballot counts; they never open a dossier.
        "committee": UserFactory(roles=[Role.COMMITTEE]),
    }


def _review(edition, dossier, users) -> dict:
    """A two-expert panel drawn for A's dossier; the assigned expert leads, declares and scores."""
    staff = users["secretariat"]
    ReviewSettings.objects.create(edition=edition)
    panel = review_services.create_panel(
        edition,
        stage="material_review",
        name="矩阵评审组",
        dossiers=[dossier],
        deadline=edition.closes_at,
        actor=staff,
        size=2,
    )
    review_services.draw_panel(panel, actor=staff, seed="matrix")
    review_services.set_panel_leader(panel, users["expert_assigned"], actor=staff)
    assignment = Assignment.objects.get(panel=panel, expert=users["expert_assigned"])
    conflicted = Assignment.objects.get(panel=panel, expert=users["expert_conflict"])
    card = declare_and_submit(assignment, 60)
    amendment = review_services.request_amendment(card, reason="第3项录入有误，申请更正。", actor=assignment.expert)
    # Declared after the draw: the dossier must now stay closed to this expert.
    review_services.add_declaration(
        users["expert_conflict"].expert_profile,
        ConsultancyTie(
            kind=ConsultancyTie.Kind.CONSULTANCY,
            organization_name=dossier.organization.name,
            credit_code=dossier.organization.credit_code,
        ),
        actor=users["expert_conflict"],
    )
    ct = ContentType.objects.get_for_model(dossier)
    return {
        "panel": panel,
        "assignment": assignment,
        "conflicted_assignment": conflicted,
        "scorecard": card,
        "amendment": amendment,
        "dossier_ct": ct,
    }


def _notice_and_title(org_a, staff) -> dict:
    """A's dossier on an open notice with an objection; another of A's dossiers awarded with a certificate."""
    on_notice = AwardApplicationFactory(
        edition=notice_edition(), organization=org_a, tier="award", state=State.PROPOSED
    )
    awarded = AwardApplicationFactory(edition=notice_edition(), organization=org_a, tier="award", state=State.PROPOSED)
    with time_machine.travel(NOTICE_OPENS, tick=False):
        with TestCase.captureOnCommitCallbacks(execute=True):  # publish the pages as after a real commit
            notice = notice_services.open_public_notice([on_notice], actor=staff)
            closed_notice = notice_services.open_public_notice([awarded], actor=staff)
    line = notice.candidates.get()
    with time_machine.travel(OBJECTION_FILED, tick=False):
        objection = notice_services.file_objection(individual_objection(line, evidence=[pdf_upload()]))
    with time_machine.travel(APPROVAL_DAY, tick=False):
        notice_services.close_public_notice(closed_notice, actor=staff)
        with TestCase.captureOnCommitCallbacks(execute=True):  # render the certificate PDF
            title = notice_services.record_government_approval(
                closed_notice.candidates.get(),
                approved=True,
                document_no="青政字〔2025〕99号",
                approved_on=APPROVAL_DAY.date(),
                actor=staff,
            )
    title.refresh_from_db()
    return {
        "notice": notice,
        "notice_line": line,
        "objection": objection,
        "objection_file": objection.files.get(),
        "closed_line": closed_notice.candidates.get(),
        "title": title,
        "certificate": title.certificate,
    }


def _export_job(edition, secretariat):
    """A finished score export of the edition (built by its task, as the worker would)."""
    from workflows.review.models import ExportJob
    from workflows.review.services.exports import build_export

    job = ExportJob.objects.create(edition=edition, fmt="csv", requested_by=secretariat)
    build_export(job.pk)
    job.refresh_from_db()
    return job


def build_world() -> dict:
    org_a = OrganizationFactory(name="青岛甲方精密制造有限公司", region_code="370212")  # Qingdao
    org_b = OrganizationFactory(name="济南乙方软件有限公司", region_code="370102")  # Jinan
    edition = EditionFactory()
    pages = cms.demo.seed(editions={"matrix-call": edition})
    users = _people(org_a, org_b)
    application_a = AwardApplicationFactory(
        organization=org_a, edition=edition, created_by=users["applicant_a"], state=State.MATERIAL_REVIEW
    )
    application_b = AwardApplicationFactory(
        organization=org_b, edition=edition, created_by=users["applicant_b"], state=State.SUBMITTED
    )
    document_a = store_document(
        owner=application_a, slot="profile", uploaded_file=pdf(), uploaded_by=users["applicant_a"]
    )
    draft_a = AwardApplicationFactory(organization=org_a, edition=EditionFactory(), created_by=users["applicant_a"])
    review = _review(edition, application_a, users)
    public_zone = zone_in_state(ZoneState.UNDER_CREATION, organization=org_a)
    draft_zone = zone_in_state(ZoneState.DRAFT, organization=org_a)
    # Submitted and awaiting the province: Qingdao's recommender handles it, Jinan's must not see it.
    applied_zone = zone_in_state(ZoneState.APPLIED, organization=org_a, name="矩阵待推荐示范区")
    # A's creation plan: for A's members and the secretariat only (and the zone's panel, when it has one).
    zone_document = store_document(
        owner=public_zone, slot="creation_plan", uploaded_file=pdf(), uploaded_by=users["applicant_a"]
    )
    return {
        **_cities(org_a),
        "users": users,
        "call": CallPage.objects.get(slug="matrix-call"),
        "edition": edition,
        "org_a": org_a,
        "org_b": org_b,
        "application_a": application_a,
        "application_b": application_b,
        "draft_a": draft_a,
        "document_a": document_a,
        "public_zone": public_zone,
        "draft_zone": draft_zone,
        "applied_zone": applied_zone,
        "zone_document": zone_document,
        "now": timezone.now(),
        **review,
        "export_job": _export_job(edition, users["secretariat"]),
        # The secretariat's own saved desk filter: nobody else may delete it.
        "saved_filter": SavedFilter.objects.create(
            user=users["secretariat"], desk="awards", name="矩阵筛选", query="state=submitted"
        ),
        **_notice_and_title(org_a, users["secretariat"]),
        **pages,
    }


def _cities(org_a) -> dict:
    """Organisation A's city cases: a draft, one awaiting the province and one named (public)."""
    from cities.models import State as CityState

    return {
        "draft_city": city_in_state(CityState.DRAFT, organization=org_a, name="矩阵草稿城市"),
        "applied_city": city_in_state(CityState.APPLIED, organization=org_a, name="矩阵待推荐城市"),
        "public_city": _surveyed(city_in_state(CityState.NAMED, organization=org_a, name="矩阵示范城市")),
    }


def _surveyed(city):
    """The named city's citizens' survey ran and ended (its aggregates are public)."""
    from django.utils import timezone

    city.survey_opened_at = city.survey_closed_at = timezone.now()
    city.save(update_fields=["survey_opened_at", "survey_closed_at"])
    return city
