"""The award committee's secret ballot, which moves the dossier."""

from __future__ import annotations

from django.utils.translation import gettext

from workflows.services import perform_transition

from ..exceptions import ReviewError
from ..models import (
    CommitteeBallot,
)
from ._common import dossier_key, review_settings_for


def record_ballot(
    dossier,
    *,
    tier: str,
    members_present: int,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    actor,
) -> CommitteeBallot:
    """Record the secret-ballot counts (never who voted how) and move the dossier.

    Passing moves it to `proposed` with the tier; failing eliminates it, both through
    perform_transition (which checks the actor's permission and logs).
    """
    if min(members_present, votes_for, votes_against, abstentions) < 0 or members_present == 0:
        raise ReviewError(gettext("票数无效。"))
    if votes_for + votes_against + abstentions != members_present:
        raise ReviewError(gettext("同意、反对、弃权票之和须等于出席委员人数。"))
    rules = review_settings_for(dossier.edition)
    passed = rules.ballot_passes(votes_for, members_present)
    ct_id, object_id = dossier_key(dossier)

    def _store(locked, log):
        CommitteeBallot.objects.create(
            content_type_id=ct_id,
            object_id=object_id,
            edition_id=locked.edition_id,
            tier=tier,
            members_present=members_present,
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
            passed=passed,
            recorded_by=actor,
        )

    counts = f"出席{members_present} 同意{votes_for} 反对{votes_against} 弃权{abstentions}"
    if passed:
        perform_transition(dossier, "propose", tier=tier, actor=actor, reason=counts, after=_store)
    else:
        perform_transition(dossier, "eliminate", actor=actor, reason=counts, after=_store)
    return CommitteeBallot.objects.get(content_type_id=ct_id, object_id=object_id, edition_id=dossier.edition_id)
