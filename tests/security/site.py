"""A seeded site with restricted content, built the way people build it, for the security tests.

- The management system comes from an import (`ledningssystem/1`): a start page, an area, a
  public process page, a process page that will be restricted, two document pages, a public and
  a private governed document (files and a process-map image included).
- An administrator then uses the Wagtail admin (through the test client): a collection
  "Ledningsgruppens filer" restricted to the group *Ledningsgruppen*, the private document's file
  and the map image moved into it, and the process page restricted to the same group.
- The demo's groups, users and approval workflow (`load_demo_users`), plus a member of
  *Ledningsgruppen*. Both the outsider (`medarbetare`) and the member choose the workplace the
  restricted page concerns on Min sida, so both are candidates for its notices.
- A change of substance on the restricted page is submitted and approved through the workflow
  (Granskning, then Fastställande), which writes the notice, publishes the news item and sends
  the e-mails; the e-mails are kept on the site object.

Every text that only the group may read carries a distinctive phrase: `SECRETS` names them, and
the tests look for those phrases (and the files' bytes) in everything the outsider receives.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from intranet.ledning.exchange import import_ledningssystem
from intranet.ledning.models import (
    GovernedDocument,
    ProcessPage,
    ReadRequest,
    StartPage,
    Workplace,
)
from intranet.portal.demo.accessibility import load_demo_accessibility_statement
from intranet.portal.demo.users import load_demo_users
from intranet.staff.models import NewsIndexPage

from ..factories import minimal_pdf

GROUP_NAME = "Ledningsgruppen"
COLLECTION_NAME = "Ledningsgruppens filer"
PASSWORD = "Hemligt-test-lösen-42"

# Words shared by public and restricted content: searching for them must find the public
# content and nothing restricted.
SHARED_WORD = "nyckelskåp"

PUBLIC_DOCUMENT_KEY = "rutin-nyckelskap"
PUBLIC_DOCUMENT_TITLE = "Rutin Nyckelskåp i hemtjänsten"
PRIVATE_DOCUMENT_KEY = "rutin-sekretess-1"
PRIVATE_DOCUMENT_TITLE = "Rutin Nyckelskåp för Ekbackens skyddade adresser"
PRIVATE_DOCUMENT_SUMMARY = "Adresserna finns i det låsta registret hos Ekbacken."
PRIVATE_TAG = "ekbacken-sekretess"
PRIVATE_FILE_NAME = "ekbacken-adresser"
PRIVATE_FILE_TEXT = "EKBACKEN-FILINNEHALL-7731"
RESTRICTED_PATH = "vard-och-omsorg/omrade-7"
RESTRICTED_TITLE = "Nyckelskåp på Tallbackens skyddade boende"
RESTRICTED_INTRO = "Larmkoden till Tallbacken byts varje fredag av nattpersonalen."
RESTRICTED_MAP_TITLE = "Karta över Tallbackens entréer"
IMAGE_FILE_NAME = "tallbacken-karta"
CHANGE_NOTE = "Larmkoden lämnas nu i förseglat kuvert till nattpersonalen."
CHANGED_INTRO = "Larmkoden till Tallbacken byts varje fredag och lämnas i förseglat kuvert."
PROPOSAL_TEXT = "Kodlåset vid personalingången på Tallbacken bör bytas."
PUBLIC_PATH = "vard-och-omsorg/nyckelhantering"
PUBLIC_TITLE = "Nyckelhantering i hemtjänsten"

# label → phrase: nothing an outsider receives may contain any of these.
SECRET_PHRASES: dict[str, str] = {
    "the restricted page's title": "Tallbackens skyddade boende",
    "the restricted page's intro": "Larmkoden till Tallbacken",
    "the restricted page's process map": "Karta över Tallbackens",
    "the approved change's note": "förseglat kuvert",
    "the private document's title": "Ekbackens skyddade adresser",
    "the private document's summary": "låsta registret hos Ekbacken",
    "the private document's tag": PRIVATE_TAG,
    "the private document's file name": PRIVATE_FILE_NAME,
    "the private document's file text": PRIVATE_FILE_TEXT,
    "the image's file name": IMAGE_FILE_NAME,
    "the member's change proposal": "Kodlåset vid personalingången",
    "the private document's change note": "Reservnycklarna till Ekbacken",
}
PRIVATE_DOCUMENT_NOTE = "Reservnycklarna till Ekbacken ligger nu i kassaskåpet."


def png_bytes(size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (40, 90, 160)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def import_data() -> dict[str, Any]:
    """The management system as an import file: nothing in it is restricted yet (the import
    has no notion of privacy; an administrator adds that in the admin)."""
    return {
        "format": "ledningssystem/1",
        "workplaces": [
            {"key": "vo", "name": "Vård och omsorg", "parent": None},
            {"key": "hemtjanst", "name": "Hemtjänsten", "parent": "vo"},
        ],
        "documents": [
            {
                "key": PUBLIC_DOCUMENT_KEY,
                "type": "rutin",
                "title": PUBLIC_DOCUMENT_TITLE,
                "summary": "Så förvaras nycklar till brukarnas hem.",
                "file": "files/nyckelskap.pdf",
                "approved_by": "Chef Vård och omsorg",
                "approved_on": "2024-03-01",
                "tags": [SHARED_WORD],
                "workplaces": ["hemtjanst"],
            },
            {
                "key": PRIVATE_DOCUMENT_KEY,
                "type": "rutin",
                "title": PRIVATE_DOCUMENT_TITLE,
                "summary": PRIVATE_DOCUMENT_SUMMARY,
                "file": f"files/{PRIVATE_FILE_NAME}.pdf",
                "approved_by": "Socialchef",
                "approved_on": "2024-05-02",
                "tags": [PRIVATE_TAG, SHARED_WORD],
                "workplaces": ["vo"],
            },
            {
                "key": "riktlinje-nycklar",
                "type": "riktlinje",
                "title": "Riktlinje för nycklar och larm",
                "url": "https://kommun.example/riktlinje-nycklar.pdf",
                "tags": ["larm"],
            },
        ],
        "pages": [
            {
                "type": "start",
                "path": "",
                "slug": "ledningssystem",
                "title": "Socialförvaltningens ledningssystem",
                "intro": "<p>Ledningssystemet för det systematiska kvalitetsarbetet.</p>",
                "sections": [
                    {
                        "heading": "Verksamhetsspecifika områden",
                        "links": [{"page": "vard-och-omsorg"}],
                    },
                    {
                        "heading": "Länkar till samtliga dokument i ledningssystemet",
                        "links": [{"page": "rutiner"}, {"page": "riktlinjer"}],
                    },
                ],
            },
            {
                "type": "area",
                "path": "vard-och-omsorg",
                "title": "Vård och Omsorg",
                "intro": "<p>Vård och omsorgs delar av ledningssystemet.</p>",
                "groups": [
                    {
                        "heading": "Att hantera nycklar",
                        "links": [{"page": PUBLIC_PATH}, {"page": RESTRICTED_PATH}],
                    }
                ],
            },
            {
                "type": "process",
                "path": PUBLIC_PATH,
                "title": PUBLIC_TITLE,
                "intro": "<p>Så hanterar hemtjänsten nycklar till brukarnas hem.</p>",
                "page_owner": "Enhetschef hemtjänsten",
                "workplaces": ["hemtjanst"],
                "body": [
                    {
                        "type": "documents",
                        "heading": "Rutiner",
                        "document_type": "rutin",
                        "items": [
                            {"document": PUBLIC_DOCUMENT_KEY},
                            {"document": PRIVATE_DOCUMENT_KEY},
                        ],
                    },
                    {
                        "type": "related",
                        "heading": "Relaterat material",
                        "links": [{"page": RESTRICTED_PATH}, {"document": PRIVATE_DOCUMENT_KEY}],
                    },
                ],
            },
            {
                "type": "process",
                "path": RESTRICTED_PATH,
                "title": RESTRICTED_TITLE,
                "intro": f"<p>{RESTRICTED_INTRO}</p>",
                "page_owner": "Enhetschef Tallbacken",
                "process_kind": "stodprocess",
                "workplaces": ["vo"],
                "body": [
                    {
                        "type": "documents",
                        "heading": "Rutiner",
                        "document_type": "rutin",
                        "items": [
                            {"document": PRIVATE_DOCUMENT_KEY},
                            {"document": PUBLIC_DOCUMENT_KEY},
                        ],
                    },
                    {
                        "type": "process_map",
                        "title": RESTRICTED_MAP_TITLE,
                        "large": False,
                        "image": f"files/{IMAGE_FILE_NAME}.png",
                    },
                ],
            },
            {
                "type": "documents",
                "path": "rutiner",
                "title": "Rutiner Socialförvaltningen",
                "document_types": ["rutin"],
            },
            {
                "type": "documents",
                "path": "riktlinjer",
                "title": "Riktlinjer Socialförvaltningen",
                "document_types": ["riktlinje"],
            },
        ],
    }


def write_import_files(directory: Path) -> dict[str, bytes]:
    """The files the import reads; returns the secret ones' bytes by label."""
    files = directory / "files"
    files.mkdir(parents=True, exist_ok=True)
    (files / "nyckelskap.pdf").write_bytes(minimal_pdf(PUBLIC_DOCUMENT_TITLE))
    private_pdf = minimal_pdf(f"{PRIVATE_FILE_TEXT} Ekbacken")
    (files / f"{PRIVATE_FILE_NAME}.pdf").write_bytes(private_pdf)
    image = png_bytes()
    (files / f"{IMAGE_FILE_NAME}.png").write_bytes(image)
    return {"the private document's file": private_pdf, "the image's file": image}


@dataclass
class SeededSite:
    """What the security tests request, and who requests it."""

    home: Page
    start: StartPage
    area: Page
    public_page: ProcessPage
    restricted_page: ProcessPage
    document_indexes: list[Page]
    news_index: Page
    public_document: GovernedDocument
    private_document: GovernedDocument
    image: Any
    collection: Collection
    collection_restriction: CollectionViewRestriction
    page_restriction: PageViewRestriction
    group: Group
    outsider: Any
    member: Any
    editor: Any
    approver: Any
    superuser: Any
    workplace: Workplace
    secret_bytes: dict[str, bytes] = field(default_factory=dict)
    emails: list[Any] = field(default_factory=list)
    news: Page | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def secret_phrases(self) -> dict[str, str]:
        return dict(SECRET_PHRASES)

    def client_for(self, user: Any | None) -> Client:
        """A browser: logged in as user, or anonymous for None."""
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


@contextmanager
def commits() -> Iterator[None]:
    """Run what would happen when the transaction commits (search indexing, text extraction,
    sending notices), as the site does after each request; a no-op outside a transaction, where
    Django runs such callbacks at once."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def _admin_post(client: Client, url: str, data: dict[str, Any]) -> Any:
    response = client.post(url, data)
    assert response.status_code in (200, 302), (url, response.status_code)
    if response.status_code == 200 and "json" not in response.get("Content-Type", ""):
        form = response.context.get("form") if response.context else None
        raise AssertionError(f"{url}: the admin form was refused: {form and form.errors}")
    return response


def build_seeded_site() -> SeededSite:
    """Build the whole site in the current transaction (see the module's docstring)."""
    user_model = get_user_model()
    workdir = Path(tempfile.mkdtemp(prefix="security-seed-"))
    try:
        secret_bytes = write_import_files(workdir)
        with commits():
            import_ledningssystem(import_data(), files_dir=workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    start = StartPage.objects.get(slug="ledningssystem")
    home = start.get_parent().specific
    with commits():
        demo = load_demo_users(start)
    groups = {group.name: group for group in demo.groups}
    users = {user.username: user for user in user_model.objects.all()}
    group = Group.objects.create(name=GROUP_NAME)
    member = user_model.objects.create_user(
        username="gruppmedlem",
        password=PASSWORD,
        first_name="Greta",
        last_name="Gruppsson",
        email="greta.gruppsson@kommun.example",
    )
    member.groups.add(groups["Medarbetare"], group)

    pages = {
        page.url_path[len(start.url_path) :].strip("/"): page
        for page in Page.objects.descendant_of(start, inclusive=True).specific()
    }
    restricted = pages[RESTRICTED_PATH]
    private_document = GovernedDocument.objects.get(key=PRIVATE_DOCUMENT_KEY)
    image_model = get_image_model()
    image = image_model.objects.get(file__contains=IMAGE_FILE_NAME)

    # The administrator: a collection for the group's files, its privacy, the files moved in,
    # and the page's privacy; all in the Wagtail admin.
    admin = Client()
    admin.force_login(users["admin"])
    root_collection = Collection.get_first_root_node()
    with commits():
        _admin_post(
            admin,
            reverse("wagtailadmin_collections:add"),
            {"name": COLLECTION_NAME, "parent": root_collection.pk},
        )
    collection = Collection.objects.get(name=COLLECTION_NAME)
    with commits():
        _admin_post(
            admin,
            reverse("wagtailadmin_collections:set_privacy", args=[collection.pk]),
            {"restriction_type": "groups", "groups": [group.pk], "password": ""},
        )
        document_file = private_document.file
        _admin_post(
            admin,
            reverse("wagtaildocs:edit", args=[document_file.pk]),
            {"title": document_file.title, "collection": collection.pk, "tags": ""},
        )
        _admin_post(
            admin,
            reverse("wagtailimages:edit", args=[image.pk]),
            {"title": image.title, "collection": collection.pk, "tags": ""},
        )
        _admin_post(
            admin,
            reverse("wagtailadmin_pages:set_privacy", args=[restricted.pk]),
            {"restriction_type": "groups", "groups": [group.pk], "password": ""},
        )
    collection_restriction = CollectionViewRestriction.objects.get(collection=collection)
    page_restriction = PageViewRestriction.objects.get(page=restricted)
    assert get_document_model().objects.get(pk=document_file.pk).collection_id == collection.pk
    assert image_model.objects.get(pk=image.pk).collection_id == collection.pk

    # The news list where approved changes become news (as editors create it under HEM).
    news_index = NewsIndexPage(title="Nyheter", slug="nyheter")
    with commits():
        home.add_child(instance=news_index)
        news_index.save_revision(user=users["redaktor"]).publish()
        # The accessibility statement with its feedback form, as the demo has it.
        load_demo_accessibility_statement(home)

    # Both members of staff choose the workplace the restricted page concerns, on Min sida.
    workplace = Workplace.objects.get(key="vo")
    outsider = users["medarbetare"]
    for person in (outsider, member):
        browser = Client()
        browser.force_login(person)
        with commits():
            response = browser.post(reverse("staff:workplaces"), {"workplaces": [workplace.pk]})
        assert response.status_code == 302, response.status_code

    # The member opens the restricted page once (which makes the image's renditions) and
    # proposes a change to it.
    member_browser = Client()
    member_browser.force_login(member)
    with commits():
        response = member_browser.get(restricted.url)
    assert response.status_code == 200, response.status_code
    for rendition in image.renditions.all():
        with rendition.file.open("rb") as handle:
            secret_bytes[f"the image's rendition {rendition.filter_spec}"] = handle.read()
    with commits():
        response = member_browser.post(
            reverse("ledning:propose_page", args=[restricted.pk]),
            {"text": PROPOSAL_TEXT, "kind": "vikt"},
        )
    assert response.status_code == 200, response.status_code

    # An editor recommends the restricted page for a search (Wagtail's search promotions).
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    SearchPromotion.objects.create(
        query=Query.get(SHARED_WORD), page=restricted, sort_order=0, description=""
    )

    site = SeededSite(
        home=home,
        start=start,
        area=pages["vard-och-omsorg"],
        public_page=pages[PUBLIC_PATH],
        restricted_page=restricted,
        document_indexes=[pages["rutiner"], pages["riktlinjer"]],
        news_index=news_index,
        public_document=GovernedDocument.objects.get(key=PUBLIC_DOCUMENT_KEY),
        private_document=private_document,
        image=image,
        collection=collection,
        collection_restriction=collection_restriction,
        page_restriction=page_restriction,
        group=group,
        outsider=outsider,
        member=member,
        editor=users["redaktor"],
        approver=users["chef"],
        superuser=users["admin"],
        workplace=workplace,
        secret_bytes=secret_bytes,
    )
    approve_change_of_substance(site)
    approve_document_change(site)
    return site


def approve_change_of_substance(site: SeededSite) -> None:
    """The editor changes the restricted page's intro as a change of substance and submits it;
    the LS-administrator reviews it and the approving manager approves it (fastställer)."""
    from intranet.ledning.governance.services.approval import act_on_workflow

    mail.outbox = []
    page = ProcessPage.objects.get(pk=site.restricted_page.pk)
    page.intro = f"<p>{CHANGED_INTRO}</p>"
    page.change_kind = "vikt"
    page.change_note = CHANGE_NOTE
    with commits():
        page.save_revision(user=site.editor)
        page.get_workflow().start(page, site.editor)
    with commits():
        act_on_workflow(ProcessPage.objects.get(pk=page.pk), site.editor)
    # The approving manager approves in the admin's form and asks the workplace's staff for a
    # läskvittens: the restricted page is then on the member's "Att läsa och bekräfta", never
    # on the outsider's (who may not read it).
    page = ProcessPage.objects.get(pk=page.pk)
    approver = site.client_for(site.approver)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", page.current_workflow_task_state.pk],
    )
    read = {"read_confirmation": "on", "read_workplaces": [site.workplace.pk]}
    with commits():
        _admin_post(approver, url, {"comment": "", "read_subworkplaces": "on", **read})
    if not ReadRequest.objects.filter(page=page).exists():
        site.notes.append("the approval with a läskvittens opened no read request")
    site.restricted_page = ProcessPage.objects.get(pk=page.pk)
    site.emails = list(mail.outbox)
    from intranet.staff.models import NewsPage

    site.news = NewsPage.objects.child_of(site.news_index).order_by("-pk").first()
    if site.news is None:
        site.notes.append("approving the change published no news item")


def approve_document_change(site: SeededSite) -> None:
    """A change of substance to the private document, approved through the workflow: its
    earlier version (the file in the group's collection) gets its own page, file address and
    JSON answer, and the change note is the group's to read."""
    from intranet.ledning.governance.services.approval import act_on_workflow

    sent = len(mail.outbox)
    document = GovernedDocument.objects.get(pk=site.private_document.pk)
    document.change_kind = "vikt"
    document.change_note = PRIVATE_DOCUMENT_NOTE
    with commits():
        document.save_revision(user=site.editor)
        document.get_workflow().start(document, site.editor)
    for user in (site.editor, site.approver):
        with commits():
            act_on_workflow(GovernedDocument.objects.get(pk=document.pk), user)
    site.private_document = GovernedDocument.objects.get(pk=document.pk)
    if site.private_document.versions.count() != 2:
        site.notes.append("approving the private document's change recorded no earlier version")
    site.emails += list(mail.outbox[sent:])


def media_files() -> set[str]:
    """Every file under MEDIA_ROOT, relative to it."""
    root = Path(str(settings.MEDIA_ROOT))
    if not root.exists():
        return set()
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def remove_media_files(names: set[str]) -> None:
    root = Path(str(settings.MEDIA_ROOT))
    for name in names:
        (root / name).unlink(missing_ok=True)
