"""Every step in a case history has a name a person reads (workflows/log_actions.py, docs/audit-chain.md)."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django_fsm import FSMField

from workflows import log_actions
from workflows.selectors import labelled_history, transition_labels
from workflows.services import append_transition_log

ROOT = Path(__file__).resolve().parents[2]


def _state_machines():
    for model in apps.get_models():
        for field in model._meta.fields:
            if isinstance(field, FSMField):
                yield model, field.name


def test_every_transition_declares_its_label():
    unlabelled = set()
    for model, field in _state_machines():
        labels = transition_labels(model, field)
        for transition in model._meta.get_field(field).get_all_transitions(model):
            if not labels.get(transition.name):
                unlabelled.add(f"{model.__name__}.{transition.name}")
    assert not unlabelled, f"transitions without a label (custom=labelled(...) or a desk button): {sorted(unlabelled)}"


def test_log_entries_that_are_not_transitions_are_written_by_their_declared_name():
    """A literal name in an append_transition_log call would have no label: writers pass a declared one."""
    literal = re.compile(r"append_transition_log\([^)]*?transition=[\"']", re.S)
    offenders = []
    for package in ("accounts", "awards", "brands", "cities", "cms", "review", "search", "workflows"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts and literal.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders


@pytest.mark.django_db
def test_a_history_reads_declared_labels_and_keeps_unknown_codes(settings):
    from brands.models import State
    from tests.brands.factories import zone_in_state

    zone = zone_in_state(State.NATIONAL_REVIEW)
    append_transition_log(
        zone, transition=log_actions.CREDIT_SCREENING, from_state=zone.state, to_state=zone.state, reason="r"
    )
    append_transition_log(zone, transition="an_unknown_step", from_state=zone.state, to_state=zone.state)
    labels = {log.transition: str(log.action_label) for log in labelled_history(zone)}
    assert labels[log_actions.CREDIT_SCREENING] == "信用审查"
    assert labels["an_unknown_step"] == "an_unknown_step"  # an old row's code is shown, never hidden
