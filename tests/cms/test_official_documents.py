"""Notices and calls carry what official documents carry (issue 13): 文号, the kind that matches the title, a
batch that tells two notices of one edition apart, the 奖项 column, a contact, downloadable attachments."""

import urllib.request

import pytest

import cms.demo
from cms.models import AuthoritySettings, CallDownload, CallPage
from tests.brands.factories import zone_in_state
from tests.factories import EditionFactory
from tests.notices.factories import notice_edition, open_notice, proposed_candidate, secretariat_user

pytestmark = pytest.mark.django_db


def test_two_notices_of_one_edition_differ_by_batch_and_number_on_the_list(client, django_assert_max_num_queries):
    edition = notice_edition(title="2026年度青岛市市长质量奖")
    first = open_notice([proposed_candidate(edition, name="青岛甲公司")])
    second = open_notice([proposed_candidate(edition, name="青岛乙公司")])
    first.refresh_from_db()
    second.refresh_from_db()

    with django_assert_max_num_queries(14):
        listing = client.get("/notices/").content.decode()
    page = client.get(second.page.url).content.decode()

    assert (first.title, second.title) == ("2026年度青岛市市长质量奖拟授奖名单公示", first.title + "（第二批）")
    assert (first.page.document_number, second.page.document_number) == (
        "质评办公示〔2025〕1号",
        "质评办公示〔2025〕2号",
    )
    assert "质评办公示〔2025〕1号" in listing and "质评办公示〔2025〕2号" in listing
    assert listing.count(edition.program.authority) >= 2
    assert '<p class="doc-no">质评办公示〔2025〕2号</p>' in page
    assert "拟授奖公示" in page


def test_a_zone_notice_is_tagged_as_a_zone_notice_and_fills_the_award_column(client):
    zone = zone_in_state("proposed")
    notice = open_notice([zone], actor=secretariat_user())
    notice.refresh_from_db()

    page = client.get(notice.page.url).content.decode()

    assert notice.page.kind == "zone"
    assert "示范区公示" in page and "拟授奖公示" not in page and "拟授奖名单" not in page
    assert f"<td>{zone.edition.program.name}</td>" in page  # the 奖项 column names the title conferred
    assert "异议受理" in page  # a zone notice takes objections too


def test_a_call_shows_its_number_contact_and_downloadable_attachments(client):
    edition = EditionFactory(title="2026年度青岛市市长质量奖")
    cms.demo.seed(editions={"mayor-award": edition})
    settings = AuthoritySettings.objects.get()
    settings.contact_person = "站点联系人"
    settings.save()
    call = CallPage.objects.get(slug="mayor-award")

    body = client.get(call.url).content.decode()
    downloads = list(CallDownload.objects.filter(page=call).order_by("sort_order"))
    served = client.get(downloads[0].document.url)
    if served.status_code == 302:  # remote storage: Wagtail redirects to the file's own (presigned) URL
        with urllib.request.urlopen(served["Location"]) as response:
            content = response.read()
    else:
        content = b"".join(served.streaming_content) if served.streaming else served.content

    assert '<p class="doc-no">质评办发〔' in body
    assert "王秘书" in body and "站点联系人" not in body  # the call's own contact before the site's
    assert "010-80000001" in body
    assert [d.title for d in downloads] == [f"{edition.title}申报书（模板）", f"{edition.title}评分细则"]
    assert all(d.document.url in body for d in downloads)
    assert content.startswith(b"%PDF")


def test_a_call_without_its_own_contact_names_the_site_contact(client):
    edition = EditionFactory()
    index = cms.demo.seed()["calls_index"]
    call = index.add_child(instance=CallPage(title="关于开展评选工作的通知", slug="plain", edition=edition))

    body = client.get(call.url).content.decode()

    assert "王秘书" in body  # seed_demo's site contact person
    assert "doc-no" not in body  # no number typed, none invented
