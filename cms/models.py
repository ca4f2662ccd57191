"""Wagtail page types of the public site. Live data is read through selectors, never copied."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index


@register_setting(icon="site")
class AuthoritySettings(BaseSiteSetting):
    authority_name = models.CharField(_("主办机关"), max_length=200, default="市场监督管理局")
    office_name = models.CharField(_("评审办"), max_length=200, default="质量奖评审办公室")
    address = models.CharField(_("地址"), max_length=300, blank=True)
    phone = models.CharField(_("电话"), max_length=60, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    postcode = models.CharField(_("邮编"), max_length=10, blank=True)
    icp_record = models.CharField(_("ICP备案号"), max_length=60, blank=True)
    public_security_record = models.CharField(_("公安机关备案号"), max_length=60, blank=True)
    site_code = models.CharField(_("网站标识码"), max_length=30, blank=True)
    contact_person = models.CharField(
        _("联系人"), max_length=60, blank=True, help_text=_("申报通知和公示未填写联系人时使用。")
    )
    notice_number_prefix = models.CharField(
        _("公示文号代字"),
        max_length=20,
        default="质评办公示",
        help_text=_("系统发布公示时的文号为 代字〔年份〕序号号，序号按年份递增。"),
    )

    class Meta:
        verbose_name = _("主办机关信息")


class OfficialDocument(models.Model):
    """文号 and the contact for questions: what every official document on the site carries besides its
    authority and date (docs/official-documents.md)."""

    document_number = models.CharField(
        _("文号"), max_length=60, blank=True, help_text=_("如 青市监发〔2026〕12号；年份用六角括号〔〕。")
    )
    contact_person = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=60, blank=True)

    class Meta:
        abstract = True


DOCUMENT_PANELS = [
    MultiFieldPanel(
        [FieldPanel("document_number"), FieldPanel("contact_person"), FieldPanel("contact_phone")],
        heading=_("文号与联系人"),
    )
]


class HomePage(Page):
    intro = RichTextField(_("导语"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.ProgramIndexPage", "cms.NoticeIndexPage", "cms.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        from .selectors import latest_notices, open_calls

        context = super().get_context(request, *args, **kwargs)
        context["open_calls"] = open_calls(limit=6, request=request)
        context["latest_notices"] = latest_notices(limit=6, request=request)
        return context


class ProgramIndexPage(Page):
    intro = RichTextField(_("导语"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.CallPage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("申报通知栏目")

    def get_context(self, request, *args, **kwargs):
        from .selectors import calls_under

        context = super().get_context(request, *args, **kwargs)
        context["calls"] = calls_under(self, request)
        return context


class CallPage(Page, OfficialDocument):
    """申报通知: bound to one edition, whose rule data is the only truth for its conditions and dates.

    The conditions, documents, deadlines and procedure are rendered from the edition (cms.selectors.
    call_terms); the editor writes only the summary and the text around them (docs/call-pages.md).
    """

    edition = models.ForeignKey("workflows.Edition", on_delete=models.PROTECT, related_name="call_pages")
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body = RichTextField(
        _("通知正文"),
        blank=True,
        help_text=_("申报条件、申报材料、时间安排和评审程序由届次规则自动生成，正文中请勿重复。"),
    )

    content_panels = (
        Page.content_panels
        + DOCUMENT_PANELS
        + [
            FieldPanel("edition"),
            FieldPanel("summary"),
            FieldPanel("body"),
            InlinePanel("downloads", label=_("附件下载")),
        ]
    )
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.ProgramIndexPage"]
    subpage_types: list = []
    # What the page's template reads besides the page, fetched with it when the page is served (cms/routing.py).
    route_select_related = ("edition__program",)

    class Meta:
        verbose_name = _("申报通知")

    @property
    def is_open(self) -> bool:
        return self.edition.is_open

    @property
    def not_yet_open(self) -> bool:
        return timezone.now() < self.edition.opens_at

    @property
    def eligibility(self) -> str:
        """The conditions as plain lines (search, open-data API), from the same rules the page shows."""
        from workflows.eligibility.rules import describe_rules

        return "\n".join(rule.text for rule in describe_rules(self.edition))

    def get_context(self, request, *args, **kwargs):
        from .selectors import call_terms

        context = super().get_context(request, *args, **kwargs)
        context["terms"] = call_terms(self.edition)
        context["downloads"] = self.downloads.select_related("document")
        return context


class CallDownload(Orderable):
    page = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="downloads")
    title = models.CharField(_("标题"), max_length=200)
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("title"), FieldPanel("document")]


class NoticeIndexPage(Page):
    intro = RichTextField(_("导语"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.NoticePage"]

    class Meta:
        verbose_name = _("公示公告栏目")

    def get_context(self, request, *args, **kwargs):
        from .selectors import notices_under

        context = super().get_context(request, *args, **kwargs)
        context["notices"] = notices_under(self, request)
        return context


class NoticePage(Page, OfficialDocument):
    """公示/公告. Notices generated by the workflow set opens_at/closes_at from the edition."""

    class Kind(models.TextChoices):
        CANDIDATES = "candidates", _("拟授奖公示")
        ZONE = "zone", _("示范区公示")
        CITY = "city", _("示范城市公示")
        WINNERS = "winners", _("授奖公告")
        REVOCATION = "revocation", _("撤销公告")
        GENERAL = "general", _("通知公告")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    edition = models.ForeignKey(
        "workflows.Edition", null=True, blank=True, on_delete=models.PROTECT, related_name="notice_pages"
    )
    opens_at = models.DateTimeField(_("公示开始"), null=True, blank=True)
    closes_at = models.DateTimeField(_("公示结束（不含）"), null=True, blank=True)
    body = RichTextField(_("正文"), blank=True)

    content_panels = (
        Page.content_panels
        + DOCUMENT_PANELS
        + [
            FieldPanel("kind"),
            FieldPanel("edition"),
            MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("公示期")),
            FieldPanel("body"),
        ]
    )
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["cms.NoticeIndexPage"]
    subpage_types: list = []
    route_select_related = ("edition__program",)

    class Meta:
        verbose_name = _("公示公告")

    @property
    def window_open(self) -> bool:
        now = timezone.now()
        return bool(self.opens_at and self.closes_at and self.opens_at <= now < self.closes_at)

    @property
    def window_closed(self) -> bool:
        return bool(self.closes_at and timezone.now() >= self.closes_at)

    # Kinds whose page lists the candidates of a workflow notice and takes objections.
    NOTICE_KINDS = (Kind.CANDIDATES, Kind.ZONE, Kind.CITY)

    @property
    def takes_objections(self) -> bool:
        return self.kind in self.NOTICE_KINDS and self.opens_at is not None

    def get_context(self, request, *args, **kwargs):
        from workflows.documents.seal import stored_document_seal
        from workflows.notices.sealed import sealed_pdf_of

        context = super().get_context(request, *args, **kwargs)
        sealed = sealed_pdf_of(self)
        context["sealed_pdf"] = sealed
        context["sealed_pdf_seal"] = stored_document_seal(sealed) if sealed is not None else None
        if self.kind in self.NOTICE_KINDS:
            # The candidate list is read live from the notice workflow, never copied into the page.
            from workflows.notices.selectors import notice_for_page, notice_lines

            notice = notice_for_page(self)
            context["public_notice"] = notice
            context["notice_lines"] = notice_lines(notice) if notice else []
        return context


class StandardPage(Page):
    body = RichTextField(_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("普通页面")
