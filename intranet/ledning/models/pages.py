from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .. import conf
from ..blocks import LinkSectionsBlock, ProcessBodyBlock
from ..forms import GovernedPageForm, PageAddressForm
from ..governed import GovernedPageMixin, owner_group_key
from .approval import ApprovalMetadata, ChangeTracking
from .documents import DocumentType
from .routing import FreeAddressMixin, SubtreeRoutingMixin

INTRO_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class ProcessKind(models.TextChoices):
    """Process kinds (seed 004 §5.1)."""

    CORE = "karnprocess", _("Kärnprocess")
    MANAGEMENT = "ledningsprocess", _("Ledningsprocess")
    SUPPORT = "stodprocess", _("Stödprocess")


class StartPage(FreeAddressMixin, SubtreeRoutingMixin, Page):
    """The management system's start page: why there is a management system, its legal basis,
    and sections of links to the areas and all documents (seed 001)."""

    intro = RichTextField(
        _("inledning"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("Syftet med ledningssystemet och länkar till lagar och föreskrifter."),
    )
    sections = StreamField(LinkSectionsBlock(), blank=True, verbose_name=_("avsnitt"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("sections")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    base_form_class = PageAddressForm

    parent_page_types = conf.get("START_PAGE_PARENT_TYPES")
    subpage_types = ["ledning.AreaPage", "ledning.ProcessPage", "ledning.DocumentIndexPage"]

    template = "ledning/pages/start_page.html"

    class Meta:
        verbose_name = _("startsida för ledningssystemet")
        verbose_name_plural = _("startsidor för ledningssystemet")


class AreaPage(FreeAddressMixin, SubtreeRoutingMixin, Page):
    """A business area (verksamhetsområde) such as Vård och omsorg: an introduction, links to
    the document pages, and the process steps grouped under headings."""

    intro = RichTextField(_("inledning"), blank=True, features=INTRO_FEATURES)
    groups = StreamField(LinkSectionsBlock(), blank=True, verbose_name=_("länkgrupper"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("groups")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    base_form_class = PageAddressForm

    parent_page_types = ["ledning.StartPage", "ledning.AreaPage"]
    subpage_types = ["ledning.AreaPage", "ledning.ProcessPage", "ledning.DocumentIndexPage"]

    template = "ledning/pages/area_page.html"

    class Meta:
        verbose_name = _("verksamhetsområde")
        verbose_name_plural = _("verksamhetsområden")


class ProcessPage(
    FreeAddressMixin,
    RoutablePageMixin,
    SubtreeRoutingMixin,
    GovernedPageMixin,
    ChangeTracking,
    ApprovalMetadata,
    Page,
):
    """A process or process step: who owns the page, the governing documents, related material,
    the process map and the quality content of seed 004 (goals, risks, responsibilities)."""

    intro = RichTextField(_("inledning"), blank=True, features=INTRO_FEATURES)
    page_owner = models.CharField(
        _("sidansvarig"),
        max_length=255,
        blank=True,
        help_text=_("Rollen som ansvarar för sidan, t.ex. ”Chef för område 2 och område 3”."),
    )
    page_owner_users = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        verbose_name=_("sidansvariga personer"),
        related_name="owned_process_pages",
    )
    owner_group = owner_group_key()
    process_kind = models.CharField(
        _("processtyp"), max_length=32, choices=ProcessKind.choices, blank=True
    )
    process_owner = models.CharField(_("processägare"), max_length=255, blank=True)
    process_lead = models.CharField(_("processledare"), max_length=255, blank=True)
    workplaces = ParentalManyToManyField(
        "ledning.Workplace",
        blank=True,
        verbose_name=_("berörda arbetsplatser"),
        related_name="process_pages",
    )
    body = StreamField(ProcessBodyBlock(), blank=True, verbose_name=_("innehåll"))

    base_form_class = GovernedPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("page_owner"),
                FieldPanel("page_owner_users"),
                FieldPanel("owner_group"),
                FieldPanel("review_interval_months"),
            ],
            heading=_("Sidansvarig och granskning"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("process_kind"),
                FieldRowPanel([FieldPanel("process_owner"), FieldPanel("process_lead")]),
            ],
            heading=_("Process"),
        ),
        FieldPanel("body"),
        *ApprovalMetadata.approval_panels,
        *ChangeTracking.change_panels,
        FieldPanel("workplaces"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("page_owner"),
        index.SearchField("process_owner"),
        index.SearchField("process_lead"),
        index.FilterField("process_kind"),
    ]

    parent_page_types = ["ledning.StartPage", "ledning.AreaPage", "ledning.ProcessPage"]
    subpage_types = ["ledning.ProcessPage"]

    template = "ledning/pages/process_page.html"

    class Meta:
        verbose_name = _("processsida")
        verbose_name_plural = _("processsidor")

    def find_process_map(self, block_id: str) -> Any | None:
        """The process map or flow block of the body with this id, or None."""
        for block in self.body:
            if block.block_type in {"process_map", "process_flow"} and block.id == block_id:
                return block
        return None

    @path("processkarta/<str:block_id>/", name="process_map")
    def process_map(self, request, block_id: str):
        """A large process map on a page of its own."""
        block = self.find_process_map(block_id)
        if block is None:
            raise Http404
        context = self.get_context(request)
        context["map_block"] = block
        return TemplateResponse(request, "ledning/pages/process_map_page.html", context)


class DocumentIndexPageForm(PageAddressForm):
    document_types = forms.MultipleChoiceField(
        label=_("Dokumenttyper"),
        choices=DocumentType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sidan listar alla publicerade styrande dokument av de valda typerna."),
    )


class DocumentIndexPage(FreeAddressMixin, Page):
    """A document page (dokumentsida): the governed documents of one or more types, sorted A–Ö
    in Swedish order and grouped by initial letter; a letter, a tag, a text in the title and a
    page of the list are chosen by GET parameters (the listing: selectors.document_index, from
    the page's template through templatetags/ledning_documents.py)."""

    intro = RichTextField(_("inledning"), blank=True, features=INTRO_FEATURES)
    document_types = models.JSONField(_("dokumenttyper"), default=list, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("document_types")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    base_form_class = DocumentIndexPageForm

    parent_page_types = ["ledning.StartPage", "ledning.AreaPage"]
    subpage_types: list[str] = []

    template = "ledning/pages/document_index_page.html"

    class Meta:
        verbose_name = _("dokumentsida")
        verbose_name_plural = _("dokumentsidor")
