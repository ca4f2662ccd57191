"""Reads for the award portal, recommender queue and secretariat list (permission-filtered)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import region_prefix
from accounts.roles import Role
from workflows.documents.models import Document
from workflows.models import Criterion, Edition
from workflows.selectors import transition_history

from .models import PUBLIC_LABELS, AwardApplication, AwardEditionSettings, State, default_required_documents


def _base() -> QuerySet[AwardApplication]:
    return AwardApplication.objects.select_related("edition", "edition__program", "organization")


def applications_of_user(user) -> QuerySet[AwardApplication]:
    """The applications of every organisation the user is a member of."""
    return _base().filter(organization__memberships__user=user).order_by("-created_at")


def open_editions_for_applicant() -> QuerySet[Edition]:
    now = timezone.now()
    return (
        Edition.objects.filter(opens_at__lte=now, closes_at__gt=now, program__kind="quality_award")
        .select_related("program")
        .order_by("closes_at")
    )


def recommender_region_prefixes(user) -> list[str]:
    if not (user and user.is_authenticated and user.is_active):
        return []
    codes = user.role_grants.filter(role=Role.RECOMMENDER).values_list("region_code", flat=True)
    return [region_prefix(code) for code in codes if code]


RECOMMENDER_STATES = [
    State.SUBMITTED,
    State.RECOMMENDATION_NOTICE,
    State.RETURNED_FOR_CORRECTION,
    State.RECOMMENDED,
    State.NOT_RECOMMENDED,
]


def recommender_queue(user, *, state: str = "") -> QuerySet[AwardApplication]:
    """Non-draft applications from the recommender's region(s)."""
    prefixes = recommender_region_prefixes(user)
    if not prefixes:
        return AwardApplication.objects.none()
    region_filter = reduce(or_, (Q(organization__region_code__startswith=p) for p in prefixes))
    qs = _base().filter(region_filter).exclude(state=State.DRAFT)
    qs = qs.filter(state=state) if state else qs.filter(state__in=RECOMMENDER_STATES)
    return qs.order_by("submitted_at", "id")


def staff_applications(
    *,
    state: str = "",
    edition_id: int | None = None,
    query: str = "",
    province: str = "",
    submitted_from: dt.date | None = None,
    submitted_to: dt.date | None = None,
) -> QuerySet:
    """Submitted dossiers for the secretariat; dates are calendar days in Shanghai time."""
    qs = _base().exclude(state=State.DRAFT)
    if state:
        qs = qs.filter(state=state)
    if edition_id:
        qs = qs.filter(edition_id=edition_id)
    if province:
        qs = qs.filter(organization__region_code__startswith=province)
    if submitted_from:
        qs = qs.filter(submitted_at__date__gte=submitted_from)
    if submitted_to:
        qs = qs.filter(submitted_at__date__lte=submitted_to)
    if query:
        qs = qs.filter(
            Q(organization__name__icontains=query)
            | Q(organization__credit_code__iexact=query)
            | Q(reference_no__icontains=query)
        )
    return qs.order_by("-submitted_at", "-id")


@dataclass
class Access:
    applicant: bool
    recommender: bool
    secretariat: bool

    @property
    def any(self) -> bool:
        return self.applicant or self.recommender or self.secretariat


def access_of(user, application: AwardApplication) -> Access:
    if not (user and user.is_authenticated and user.is_active):
        return Access(False, False, False)
    applicant = application.organization.memberships.filter(user=user).exists()
    submitted = application.state != State.DRAFT
    recommender = submitted and any(
        application.organization.region_code.startswith(p) for p in recommender_region_prefixes(user)
    )
    return Access(applicant, recommender, submitted and user.is_secretariat)


def application_for(user, pk: int) -> tuple[AwardApplication, Access]:
    """The application if the user may see it; 404 otherwise (never reveals that it exists)."""
    application = _base().filter(pk=pk).first()
    if application is None:
        raise Http404()
    access = access_of(user, application)
    if not access.any:
        raise Http404()
    return application, access


def edition_settings(edition: Edition) -> AwardEditionSettings:
    try:
        return edition.award_settings
    except AwardEditionSettings.DoesNotExist:
        return AwardEditionSettings(edition=edition, required_documents=default_required_documents())


def assessment_items(edition: Edition) -> list[Criterion]:
    """The scored items (parent != None) of the edition's criteria framework, in order."""
    if edition.criteria_framework_id is None:
        return []
    return list(
        Criterion.objects.filter(framework_id=edition.criteria_framework_id, parent__isnull=False)
        .select_related("parent")
        .order_by("order", "id")
    )


def current_documents(application: AwardApplication) -> list[Document]:
    return list(Document.objects.owned_by(application).current().order_by("slot", "id"))


def document_of(application: AwardApplication, document_pk: int) -> Document:
    document = Document.objects.owned_by(application).filter(pk=document_pk).first()
    if document is None:
        raise Http404()
    return document


@dataclass
class TimelineEntry:
    at: object
    label: str
    reason: str


def applicant_timeline(application: AwardApplication) -> list[TimelineEntry]:
    """What the applicant sees: public labels only, no internal actors or stage names."""
    entries: list[TimelineEntry] = []
    for log in transition_history(application):
        label = PUBLIC_LABELS.get(log.to_state, log.to_state)
        if entries and entries[-1].label == label:
            continue  # internal moves between stages the public sees as one
        public_reason = log.reason if log.to_state in (State.RETURNED_FOR_CORRECTION,) else ""
        entries.append(TimelineEntry(at=log.at, label=str(label), reason=public_reason))
    return entries


def latest_preliminary_review(application: AwardApplication):
    return application.preliminary_reviews.select_related("reviewer").first()
