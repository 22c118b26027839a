from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .. import conf

BODY_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul", "image"]


def validate_link(value: str) -> None:
    """A news item's link: a web address (http/https) or an address on this site ("/…")."""
    if re.match(r"^(https?://[^\s]+|/[^\s/][^\s]*|/)$", value):
        return
    raise ValidationError(
        _("Ange en webbadress som börjar med http:// eller https://, eller en adress på Ines (/…).")
    )


def today():
    return timezone.localdate()


class NewsIndexPage(RoutablePageMixin, Page):
    """The news list ("Aktuellt i kommunen", "Se alla nyheter"); its "mina/" view lists the
    news for the visitor's workplaces ("Se alla dina nyheter")."""

    intro = RichTextField(_("inledning"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = conf.get("NEWS_INDEX_PARENT_TYPES")
    subpage_types = ["staff.NewsPage"]

    template = "staff/pages/news_index_page.html"

    class Meta:
        verbose_name = _("nyhetslista")
        verbose_name_plural = _("nyhetslistor")

    def _listing(self, request, *, mine: bool):
        """The list, one page of news at a time: the template reads them
        (templatetags/staff_news.py)."""
        context = self.get_context(request)
        context["mine"] = mine
        return TemplateResponse(request, self.template, context)

    @path("", name="all")
    def all_news(self, request):
        return self._listing(request, mine=False)

    @path("mina/", name="mine")
    def my_news(self, request):
        return self._listing(request, mine=True)


class NewsPage(Page):
    """A news item (nyhet): for everyone, or only for the staff of some workplaces (and the
    workplaces under them)."""

    date = models.DateField(_("datum"), default=today, db_index=True)
    intro = models.TextField(
        _("ingress"), blank=True, help_text=_("En eller två meningar som visas i nyhetslistor.")
    )
    body = RichTextField(_("brödtext"), blank=True, features=BODY_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link_url = models.CharField(
        _("länk"),
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text=_("Sidan eller dokumentet nyheten handlar om (valfritt)."),
    )
    workplaces = ParentalManyToManyField(
        "ledning.Workplace",
        blank=True,
        verbose_name=_("arbetsplatser"),
        related_name="news_pages",
        help_text=_(
            "Nyheten visas under ”Mina nyheter” för den som arbetar på de valda arbetsplatserna "
            "eller arbetsplatser under dem. Välj ingen för att nyheten ska gälla alla."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("link_url"),
        MultiFieldPanel([FieldPanel("workplaces")], heading=_("Vem nyheten gäller")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    # The kind a search result shows.
    search_kind = "nyhet"

    parent_page_types = ["staff.NewsIndexPage"]
    subpage_types: list[str] = []

    template = "staff/pages/news_page.html"

    class Meta:
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")
