"""cms asks the program registry what a call page adds, never the program's kind or app
(docs/programs.md, "Public pages"): a program's registration gives its call terms and the rule
models whose change clears the anonymous page cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db.models.signals import post_save

from cms.selectors import call_terms
from config.page_cache import GENERATION_KEY, invalidate_public_pages
from tests.cities.factories import CityRulesFactory
from workflows.programs import Program, get_program, program_for_edition, register

pytestmark = pytest.mark.django_db


def test_a_city_call_states_the_city_procedure_from_its_rules():
    rules = CityRulesFactory(hearing_pass_score=65, plan_due_months=4, creation_period_years=2)

    steps = call_terms(rules.edition)["steps"]

    assert steps[0] == "城市人民政府在线申请"
    assert "申述答辩（65分及以上为合格），批准创建" in steps
    assert "批准创建后4个月内提交创建方案" in steps
    assert "创建主体在线申请" not in steps  # the zone procedure is not a city's


def test_the_call_page_takes_what_the_registered_program_adds():
    rules = CityRulesFactory()
    cities = get_program("cities")
    register(
        Program(
            key="cities",
            model=cities.model,
            states=cities.states,
            edition_kinds=cities.edition_kinds,
            call_terms=lambda edition: {"steps": ["只有这一步"], "quotas": ["一个名额"]},
        )
    )
    try:
        terms = call_terms(rules.edition)
    finally:
        register(cities)

    assert terms["steps"] == ["只有这一步"]
    assert terms["quotas"] == ["一个名额"]
    assert terms["documents"] == []  # the engine's default for what the program leaves out
    assert terms["validity_years"] == rules.edition.validity_years


def test_every_edition_kind_has_its_program():
    from tests.factories import EditionFactory
    from workflows.models import Program as ProgramRow

    for kind, key in (
        (ProgramRow.Kind.QUALITY_AWARD, "awards"),
        (ProgramRow.Kind.DEMONSTRATION_ZONE, "zones"),
        (ProgramRow.Kind.QUALITY_CITY, "cities"),
    ):
        edition = EditionFactory(program__kind=kind, program__slug=f"kind-{kind}")
        assert program_for_edition(edition).key == key


@pytest.mark.parametrize("key", ["awards", "zones", "cities"])
def test_saving_a_programs_call_rules_clears_the_page_cache(key):
    models = get_program(key).call_rules_models

    assert models
    for model in models:
        sync_receivers, _async = post_save._live_receivers(model)
        assert invalidate_public_pages in sync_receivers, model


def test_a_changed_city_rule_is_a_new_page_cache_generation(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 30
    rules = CityRulesFactory()
    cache.set(GENERATION_KEY, 5, timeout=None)

    rules.plan_due_months = 6
    rules.save()

    assert cache.get(GENERATION_KEY) == 6
