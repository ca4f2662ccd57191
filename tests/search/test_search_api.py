"""search(query, filters, page, user) on both backends (ranking apart)."""

from collections import Counter

import pytest

from awards.models import AwardApplication, State
from cms.models import CallPage, NoticePage
from search import selectors
from tests.factories import UserFactory

from .factories import applicant_of, build_site, secretariat

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(backend, indexed):
    with indexed():
        return build_site()


def titles(results):
    return sorted(hit.title for hit in results.hits)


def test_chinese_query_finds_award_documents_with_highlights(site):
    results = selectors.search("质量奖")

    assert titles(results) == sorted(
        [
            "关于开展2025年度青岛市市长质量奖评选工作的通知",
            "关于开展2026年度青岛市市长质量奖评选工作的通知",
            "2025年度青岛市市长质量奖拟授奖名单公示",
        ]
    )
    assert all("<em>质量奖</em>" in hit.title_html for hit in results.hits)


def test_chinese_query_finds_zone_documents(site):
    results = selectors.search("示范区")

    assert titles(results) == sorted(
        ["关于开展2026年全国质量品牌提升示范区建设评选工作的通知", "全国质量品牌提升示范区命名公告"]
    )
    assert "<em>示范区</em>" in results.hits[0].title_html


def test_enterprise_short_name_finds_notice_with_highlighted_snippet(site):
    results = selectors.search("海岳电子")

    assert titles(results) == ["2025年度青岛市市长质量奖拟授奖名单公示"]
    assert "<em>海岳电子</em>" in results.hits[0].snippet_html


def test_highlights_escape_document_text(site, indexed):
    notice = site["notices"]["general"]
    with indexed():
        notice.title = "维护通知 <script>alert(1)</script>"
        notice.save()

    hit = selectors.search("维护").hits[0]

    assert "<script>" not in hit.title_html
    assert "&lt;script&gt;" in hit.title_html


def test_anonymous_user_never_sees_staff_only_dossiers(site):
    results = selectors.search("朗港", user=None)
    everything = selectors.search("", user=None, page_size=100)

    assert results.total == 0
    assert "application" not in everything.facet_counts("type")
    assert {hit.doc_type for hit in everything.hits} == {"call", "notice"}


def test_applicant_never_sees_dossiers_even_their_own(site):
    applicant = applicant_of(site["organizations"]["secret"])

    own = selectors.search("朗港机械", user=applicant)
    others = selectors.search("北洋", user=applicant)
    by_type = selectors.search("", user=applicant, doc_types=["application"])

    assert (own.total, others.total, by_type.total) == (0, 0, 0)


def test_secretariat_finds_dossier_by_short_name_and_state_facet(site):
    results = selectors.search("朗港机械", user=secretariat())

    assert [hit.title for hit in results.hits] == ["青岛朗港精密机械股份有限公司"]
    assert results.facet_counts("state") == {str(State.SUBMITTED.label): 1}


def test_drafts_are_not_searchable_even_for_staff(site):
    assert selectors.search("草稿食品", user=secretariat()).total == 0


def test_public_facet_counts_equal_database_counts(site):
    results = selectors.search("", user=UserFactory())

    calls = CallPage.objects.live().select_related("edition")
    notices = NoticePage.objects.live().select_related("edition")
    years = Counter(str(page.edition.year) for page in [*calls, *notices] if page.edition)
    years.update(str(n.first_published_at.year) for n in notices if n.edition is None and n.first_published_at)
    programs = Counter(page.edition.program.name for page in [*calls, *notices] if page.edition)
    assert results.facet_counts("type") == {"call": calls.count(), "notice": notices.count()}
    assert results.total == calls.count() + notices.count()
    assert results.facet_counts("program") == dict(programs)
    assert results.facet_counts("year") == dict(years)  # the undated general notice has no year


def test_staff_facet_counts_equal_database_counts(site):
    results = selectors.search("", user=secretariat(), doc_types=["application"])

    submitted = AwardApplication.objects.exclude(state=State.DRAFT).select_related("edition__program")
    assert results.facet_counts("program") == dict(Counter(a.edition.program.name for a in submitted))
    assert results.facet_counts("year") == dict(Counter(str(a.edition.year) for a in submitted))
    assert results.facet_counts("state") == dict(Counter(str(a.get_state_display()) for a in submitted))
    assert results.facet_counts("industry") == {"C 制造业": 2, "I 信息传输、软件和信息技术服务业": 1}


def test_facet_filters_combine_or_within_and_across(site):
    by_year = selectors.search("", {"year": ["2025"]})
    by_type_and_year = selectors.search("", {"type": ["notice"], "year": ["2025", "2026"]})

    assert titles(by_year) == sorted(
        ["关于开展2025年度青岛市市长质量奖评选工作的通知", "2025年度青岛市市长质量奖拟授奖名单公示"]
    )
    assert titles(by_type_and_year) == sorted(
        ["2025年度青岛市市长质量奖拟授奖名单公示", "全国质量品牌提升示范区命名公告"]
    )
    assert [b.selected for b in by_year.facets[1].buckets if b.value == "2025"] == [True]


def test_unknown_facets_and_bad_values_are_ignored(site):
    results = selectors.search("", {"year": ["abc"], "secret": ["x"]}, page="zz")

    assert results.total == selectors.search("").total
    assert results.request.page == 1


def test_pagination_splits_results(site):
    first = selectors.search("", page=1, page_size=4)
    second = selectors.search("", page=2, page_size=4)

    assert (first.total, first.num_pages, len(first.hits), len(second.hits)) == (6, 2, 4, 2)
    assert not {hit.id for hit in first.hits} & {hit.id for hit in second.hits}


def test_sort_by_date_puts_newest_first(site, indexed):
    with indexed():
        newest = site["notices"]["general"]
        newest.save_revision().publish()

    results = selectors.search("", {"type": ["notice"]}, sort="date")

    # published now, opened three days ago, undated (last)
    assert [hit.title for hit in results.hits] == [
        "关于平台维护的通知",
        "2025年度青岛市市长质量奖拟授奖名单公示",
        "全国质量品牌提升示范区命名公告",
    ]


def test_unpublishing_a_page_removes_it_from_results(site, indexed):
    with indexed():
        site["notices"]["zones"].unpublish()

    assert titles(selectors.search("示范区")) == ["关于开展2026年全国质量品牌提升示范区建设评选工作的通知"]


def test_deleting_a_page_removes_it_from_results(site, indexed):
    with indexed():
        site["notices"]["candidates"].delete()

    assert selectors.search("海岳电子").total == 0


def test_renaming_an_organisation_reindexes_its_dossier(site, indexed):
    with indexed():
        organization = site["organizations"]["beiyang"]
        organization.name = "济南北洋数智科技有限公司"
        organization.save()

    assert [hit.title for hit in selectors.search("数智", user=secretariat()).hits] == ["济南北洋数智科技有限公司"]


def test_transition_reindexes_state(site, indexed):
    from workflows.services import perform_transition

    staff = secretariat()
    application = site["applications"][1]
    with indexed():
        perform_transition(application, "advance_from_material_review", actor=staff)

    results = selectors.search("北洋", user=staff)
    assert results.hits[0].state == str(State.DEFENCE.label)


def test_autocomplete_suggests_titles_containing_the_phrase_and_respects_visibility(site):
    public = selectors.autocomplete("全国质量", user=None)
    staff_only = selectors.autocomplete("青岛朗港", user=None)
    staff = selectors.autocomplete("青岛朗港", user=secretariat())

    assert sorted(s.title for s in public) == sorted(
        ["全国质量品牌提升示范区命名公告", "关于开展2026年全国质量品牌提升示范区建设评选工作的通知"]
    )
    assert staff_only == []
    assert [s.title for s in staff] == ["青岛朗港精密机械股份有限公司"]
