"""Demo public site: home, calls for each demo edition, notices index. Idempotent."""

from django.core.files.base import ContentFile
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from .models import AuthoritySettings, CallDownload, CallPage, HomePage, NoticeIndexPage, ProgramIndexPage, StandardPage


def ensure_home() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's migrations create a plain welcome page with our slug; it has no content.
        for page in root.get_children().filter(slug="home"):
            if page.specific_class is Page:
                page.delete()
        home = root.add_child(
            instance=HomePage(
                title="质量奖与品牌示范区评审平台",
                slug="home",
                intro="<p>政府质量奖、品牌与质量示范区的在线申报、专家评审、公示和证书查询。</p>",
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="质量奖评审平台"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "质量奖评审平台"
        site.save()
    settings = AuthoritySettings.for_site(Site.objects.get(is_default_site=True))
    # The site runs national, provincial and city programs: its operator is not one city bureau;
    # each call and notice names its own issuing authority (docs/official-documents.md).
    settings.authority_name = "质量发展服务中心（演示站点）"
    settings.office_name = "质量奖与品牌示范区评审办公室"
    settings.address = "示范市示范路1号"
    settings.postcode = "100000"
    settings.phone = "010-80000000"
    settings.email = "zlj@demo.example"
    settings.icp_record = "演示ICP备00000000号"
    settings.public_security_record = "演示公网安备00000000000000号"
    settings.site_code = "0000000000"
    settings.contact_person = "王秘书"
    settings.save()
    return home


def child_by_slug(parent, model, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    return parent.add_child(instance=model(slug=slug, **fields))


def seed(stdout=None, editions=None) -> dict:
    home = ensure_home()
    calls = child_by_slug(
        home, ProgramIndexPage, "calls", title="申报通知", intro="<p>各类质量奖、示范区的申报通知。</p>"
    )
    notices = child_by_slug(
        home, NoticeIndexPage, "notices", title="公示公告", intro="<p>拟授奖名单公示、授奖公告、撤销公告。</p>"
    )
    child_by_slug(
        home,
        StandardPage,
        "about",
        title="关于平台",
        body="<p>本平台由市场监督管理部门运行，实行“公正、公开、透明”的评审原则。</p>",
    )
    for number, (slug, edition) in enumerate((editions or {}).items(), start=1):
        call = child_by_slug(
            calls,
            CallPage,
            slug,
            title=f"关于开展{edition.title}评选工作的通知",
            edition=edition,
            summary=f"{edition.program.authority}组织开展{edition.title}评选，欢迎符合条件的单位在线申报。",
            body="<p>为深入实施质量强国战略，现组织开展评选工作。申报单位请在截止时间前通过本平台在线提交申报材料。</p>",
            document_number=f"质评办发〔{edition.year}〕{number}号",
            contact_person="王秘书",
            contact_phone="010-80000001",
            first_published_at=edition.opens_at,  # the call is issued when its window opens: the 落款 date
        )
        add_call_attachments(call)
    return {"home": home, "calls_index": calls, "notices_index": notices}


def _pdf(title: str, body_html: str) -> bytes:
    from workflows.documents.pdf import html_to_pdf

    return html_to_pdf(
        f"<html><head><meta charset='utf-8'></head><body><h1>{escape(title)}</h1>{body_html}</body></html>"
    )


def add_call_attachments(call: CallPage) -> None:
    """附件 of a demo call: the 申报书 template and the scoring rules, as Wagtail documents (PDF)."""
    if call.downloads.exists():
        return
    edition = call.edition
    sections = "".join(
        f"<h2>{escape(s)}</h2><p>（请填写）</p>"
        for s in ("一、基本信息", "二、组织概述", "三、自评报告", "四、关键指标", "五、资格声明与诚信承诺")
    )
    criteria = ""
    if edition.criteria_framework_id:
        rows = "".join(
            f"<tr><td>{escape(c.code)}</td><td>{escape(c.title)}</td><td>{c.max_points}</td></tr>"
            for c in edition.criteria_framework.criteria.filter(parent__isnull=True).order_by("order", "code")
        )
        criteria = f"<table border='1'><tr><th>条款</th><th>名称</th><th>分值</th></tr>{rows}</table>"
    Document = get_document_model()
    for order, (title, html) in enumerate(
        (
            (f"{edition.title}申报书（模板）", sections),
            (f"{edition.title}评分细则", criteria or "<p>按届次评审标准执行。</p>"),
        )
    ):
        document = Document(title=title)
        document.file.save(f"{call.slug}-{order + 1}.pdf", ContentFile(_pdf(title, html)), save=False)
        document.save()
        CallDownload.objects.create(page=call, title=title, document=document, sort_order=order)
