"""Demo content for the staff features (seed 001, "Din startsida på Ines"): the catalogue of
tools staff pick shortcuts from, a news list with news for everyone and for some workplaces,
and a workplace for the demo member of staff.

Idempotent: tools are matched by name, news by slug; running it again only creates what is
missing and leaves alone what editors changed (and the workplaces the member of staff chose).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from intranet.ledning.models import Workplace
from intranet.staff import selectors, services
from intranet.staff.models import NewsIndexPage, NewsPage, Tool

from .users import EDITORS, LS_ADMINS

NEWS_INDEX_SLUG = "nyheter"
STAFF_USER = "medarbetare"
STAFF_WORKPLACES = ("hemtjanst-omr-2",)


@dataclass(frozen=True)
class DemoTool:
    name: str
    url: str
    description: str = ""
    everyone: bool = False
    workplaces: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoNews:
    slug: str
    title: str
    intro: str
    body: str
    days_ago: int
    workplaces: tuple[str, ...] = ()
    link_url: str = ""


@dataclass
class StaffDemoResult:
    tools: list[Tool] = field(default_factory=list)
    news: list[NewsPage] = field(default_factory=list)
    news_index: NewsIndexPage | None = None


# The seed's GENVÄGAR list (addresses are placeholders under the reserved .example domain).
TOOLS: tuple[DemoTool, ...] = (
    DemoTool(
        "HR-web (personalsystem)",
        "https://hrweb.kommun.example/",
        "Lön, ledighet och anställning",
        everyone=True,
    ),
    DemoTool(
        "Boka bil eller cykel",
        "https://bokning.kommun.example/",
        "Kommunens bilpool och cyklar",
        everyone=True,
    ),
    DemoTool("Adato (rehabdokumentation)", "https://adato.kommun.example/", "För chefer"),
    DemoTool(
        "KIA (rapportera olyckor och tillbud)",
        "https://kia.kommun.example/",
        "Arbetsskador och tillbud",
        everyone=True,
    ),
    DemoTool("KIA (för chef/skyddsombud)", "https://kia.kommun.example/chef/"),
    DemoTool(
        "Stratsys",
        "https://stratsys.kommun.example/",
        "Mål, uppföljning och egenkontroll",
        workplaces=("socialforvaltningen",),
    ),
    DemoTool(
        "Trio (telefonbok)",
        "https://trio.kommun.example/",
        "Sök kollegor och telefonnummer",
        everyone=True,
    ),
    DemoTool(
        "Raindance (affärssystem)", "https://raindance.kommun.example/", "Fakturor och ekonomi"
    ),
    DemoTool("Chefshandboken", "https://chefshandboken.kommun.example/"),
    DemoTool("Kolada", "https://www.kolada.se/", "Nyckeltal för kommuner och regioner"),
    DemoTool("Pascal", "https://pascal.kommun.example/", "Läkemedelslistor", workplaces=("vo",)),
    DemoTool(
        "Prator",
        "https://prator.kommun.example/",
        "Samordnad vård- och omsorgsplanering",
        workplaces=("vo",),
    ),
    DemoTool(
        "Combine (myndighetssidan)",
        "https://combine.kommun.example/myndighet/",
        "Handläggning",
        workplaces=("ifo",),
    ),
    DemoTool(
        "Combine (utförarsidan)",
        "https://combine.kommun.example/utforare/",
        "Dokumentation i verksamheten",
        workplaces=("vo",),
    ),
    DemoTool(
        "Phoniro Care",
        "https://phoniro.kommun.example/",
        "Digitala nycklar och besöksregistrering",
        workplaces=("hemtjanst-omr-1", "hemtjanst-omr-2", "hemtjanst-omr-3"),
    ),
    DemoTool(
        "Treserva", "https://treserva.kommun.example/", "Verksamhetssystem", workplaces=("ifo",)
    ),
    DemoTool("Kompanion", "https://kompanion.kommun.example/", "Webbutbildningar"),
)

NEWS: tuple[DemoNews, ...] = (
    DemoNews(
        "valkommen-till-vart-nya-intranat",
        "Välkommen till vårt nya intranät!",
        "Ines har fått ny startsida: välj din arbetsplats på Min sida för att få relevanta "
        "nyheter och genvägar.",
        "<p>Under <b>Mina nyheter</b> visas nyheter för din arbetsplats, under <b>Aktuellt i "
        "kommunen</b> alla nyheter. Klicka på stjärnan på en sida för att bokmärka den; du "
        "hittar den sedan under Genvägar högst upp på varje sida.</p>",
        days_ago=2,
    ),
    DemoNews(
        "raindance-oppet-hus-13-februari",
        "Raindance Öppet hus 13 februari",
        "Ekonomienheten svarar på frågor om fakturor och attester i Raindance.",
        "<p>Välkommen till Kyrkogatan 14 mellan kl. 13 och 15. Ingen anmälan behövs.</p>",
        days_ago=5,
    ),
    DemoNews(
        "webbinarium-dokumentation-vard-och-omsorg",
        "Webbinarium: dokumentation vid genomförande",
        "Ett webbinarium om riktlinjen för dokumentation inom vård och omsorg.",
        "<p>Webbinariet går igenom riktlinjen för dokumentation vid genomförande av beviljade "
        "insatser och hur genomförandeplanen följs upp.</p>",
        days_ago=1,
        workplaces=("vo",),
    ),
    DemoNews(
        "nya-nyckelrutiner-i-hemtjanst-omrade-2",
        "Nya nyckelrutiner i hemtjänst område 2",
        "Rutinen för nyckelhantering gäller nu även de digitala låsen.",
        "<p>Från den 1 mars kvitteras alla nycklar i Phoniro Care. Läs den reviderade rutinen "
        "innan ditt nästa pass.</p>",
        days_ago=0,
        workplaces=("hemtjanst-omr-2",),
    ),
    DemoNews(
        "ny-mottagningsrutin-ifo",
        "IFO: ny rutin för mottagning av orosanmälningar",
        "Individ- och familjeomsorgen har fastställt en ny mottagningsrutin.",
        "<p>Rutinen beskriver hur orosanmälningar tas emot och bedöms samma dag.</p>",
        days_ago=3,
        workplaces=("ifo",),
    ),
)


def _workplaces(keys: tuple[str, ...]) -> list[Workplace]:
    return list(Workplace.objects.filter(key__in=keys))


def sync_tools(tools: tuple[DemoTool, ...] = TOOLS) -> list[Tool]:
    """The demo's tools; one that exists already (by name) is left as editors left it."""
    result = []
    for position, spec in enumerate(tools):
        tool = Tool.objects.filter(name=spec.name).first()
        if tool is None:
            tool = Tool.objects.create(
                name=spec.name,
                url=spec.url,
                description=spec.description,
                default_for_everyone=spec.everyone,
                sort_order=position,
            )
            tool.default_workplaces.set(_workplaces(spec.workplaces))
        result.append(tool)
    return result


def sync_news_index(home: Page) -> NewsIndexPage:
    index = NewsIndexPage.objects.child_of(home).filter(slug=NEWS_INDEX_SLUG).first()
    if index is None:
        index = NewsIndexPage(
            title="Nyheter",
            slug=NEWS_INDEX_SLUG,
            intro="<p>Nyheter från kommunen och socialförvaltningen.</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def sync_news(index: NewsIndexPage, news: tuple[DemoNews, ...] = NEWS) -> list[NewsPage]:
    """The demo's news; a news item that exists already (by slug) is left as it is."""
    today = timezone.localdate()
    result = []
    for spec in news:
        page = NewsPage.objects.child_of(index).filter(slug=spec.slug).first()
        if page is None:
            page = NewsPage(
                slug=spec.slug,
                title=spec.title,
                intro=spec.intro,
                body=spec.body,
                link_url=spec.link_url,
                date=today - datetime.timedelta(days=spec.days_ago),
            )
            page.workplaces = _workplaces(spec.workplaces)
            index.add_child(instance=page)
            page.save_revision().publish()
        result.append(page)
    return result


def grant_editors(index: NewsIndexPage, groups: tuple[str, ...] = (EDITORS, LS_ADMINS)) -> None:
    """Editors and LS-administrators write news and keep the tool catalogue."""
    tool_permissions = Permission.objects.filter(
        content_type__app_label="staff",
        codename__in=["add_tool", "change_tool", "delete_tool"],
    )
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=["add_page", "change_page", "publish_page"],
    )
    for group in Group.objects.filter(name__in=groups):
        group.permissions.add(*tool_permissions)
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=permission
            )


@transaction.atomic
def load_demo_staff_content(home: Page) -> StaffDemoResult:
    """The tool catalogue, the news, who may edit them, and the demo staff member's
    workplace. Run after the demo groups exist (users.load_demo_users)."""
    result = StaffDemoResult(tools=sync_tools())
    result.news_index = sync_news_index(home)
    result.news = sync_news(result.news_index)
    grant_editors(result.news_index)
    user = get_user_model().objects.filter(username=STAFF_USER).first()
    if user is not None and not selectors.user_workplace_ids(user):
        services.set_workplaces(user, _workplaces(STAFF_WORKPLACES))
    return result
