"""Factories for the management system's models (factory_boy and wagtail-factories).

Page content is written as the import reads it (``ledningssystem/1``, FORMAT.md) and turned into
StreamField data by the import's own code (exchange/streams.py), so a test never writes the
stored shape of a block. Pages and documents a block refers to may be given as the format names
them (a page's path below the start page, a document's key) or as the objects themselves::

    ProcessPageFactory(
        parent=area,
        body=[
            {"type": "heading", "text": "Rutiner"},
            {"type": "documents", "heading": "Rutiner", "items": [{"document": rutin.key}]},
            {"type": "related", "links": [{"page": support, "text": "Stödprocesser"}]},
        ],
    )

A block may carry an ``"id"`` (not part of the format): the block id Wagtail stores, for tests
that need a stable anchor such as a process map's address.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Page

from intranet.ledning import emails
from intranet.ledning.blocks.shapes import BODY_KINDS, SECTION, Kind
from intranet.ledning.exchange.streams import import_block, import_shape
from intranet.ledning.governance.models import ChangeLogEntry, ChangeLogKind, Notice
from intranet.ledning.governance.services import approval
from intranet.ledning.governance.services.guard import content_import
from intranet.ledning.models import (
    AreaPage,
    DocumentIndexPage,
    GovernedDocument,
    ProcessPage,
    StartPage,
)
from intranet.portal.demo.versions import demo_pdf


def minimal_pdf(title: str) -> bytes:
    """A small but well-formed one-page PDF showing the title, so files really open (the
    demo's own writer)."""
    return demo_pdf(title)


# --- content as the import writes it ----------------------------------------------------------


class References:
    """What blocks refer to, resolved for exchange.streams.import_block as the import resolves
    them: a page by its path below the start page, a document by its key, a file (image or
    Wagtail document) by itself. Objects are taken as they are."""

    def page_id(self, page: Page | str) -> int:
        if isinstance(page, Page):
            return page.pk
        start = StartPage.objects.order_by("path").first()
        if not page:
            return start.pk
        return Page.objects.get(url_path=f"{start.url_path}{page.strip('/')}/").pk

    def document_id(self, document: GovernedDocument | str) -> int:
        if isinstance(document, GovernedDocument):
            return document.pk
        return GovernedDocument.objects.get(key=document).pk

    def file_id(self, kind: str, file, title: str) -> int:
        return file.pk


def stream(kinds: dict[str, Kind] | Kind, blocks: list[dict]) -> list[dict]:
    """StreamField data for blocks written as in ``ledningssystem/1``: each block goes through
    the import's conversion (exchange/streams.py). ``kinds`` is the body's block kinds, or the
    one kind of a section stream."""
    data = []
    for block in blocks:
        if "value" in block:
            raise ValueError(
                "Write blocks as the import reads them (ledningssystem/1, tests/factories.py), "
                f"not in the stored shape: {block!r}"
            )
        entry = dict(block)
        block_id = entry.pop("id", None)
        kind = kinds if isinstance(kinds, Kind) else kinds[entry["type"]]
        child = import_block(kind, entry, References())
        if block_id:
            child["id"] = block_id
        data.append(child)
    return data


def body(blocks: list[dict]) -> list[dict]:
    """A process page's body from its blocks as the import reads them."""
    return stream(BODY_KINDS, blocks)


def sections(entries: list[dict]) -> list[dict]:
    """A start page's sections or an area's groups: [{"heading": …, "links": [{"page": …}]}]."""
    return stream(SECTION, entries)


def block_value(kind: str, entry: dict) -> Any:
    """The stored value of one body block (``kind`` as the format's ``type``), from its fields
    as the import reads them: for a block's own rules, checked with block.to_python/clean."""
    return import_shape(BODY_KINDS[kind].shape, entry, References(), entry)


def link_value(link: dict) -> dict:
    """The stored value of one link ({"page": …} / {"document": …} / {"url": …}, "text")."""
    return sections([{"heading": "", "links": [link]}])[0]["value"]["links"][0]["value"]


def documents_block(heading: str, items, document_type: str = "", **extra) -> dict:
    """A document list as the import reads it; items are documents or (document, [children])."""
    entries = []
    for item in items:
        document, children = item if isinstance(item, tuple) else (item, [])
        entry = {"document": document}
        if children:
            entry["children"] = [{"document": child} for child in children]
        entries.append(entry)
    return {
        "type": "documents",
        "heading": heading,
        "document_type": document_type,
        "items": entries,
        **extra,
    }


def publish_content(page: Page, **streams: list[dict]) -> Page:
    """Give an existing page new stream content (sections=…, groups=…, body=…, written as the
    import reads it) and publish it in a revision, as the import does."""
    for name, blocks in streams.items():
        setattr(page, name, body(blocks) if name == "body" else sections(blocks))
    with content_import():
        page.save_revision().publish()
    return page


class ImportedContent:
    """Factories of process pages and governed documents stand in for the import: what they
    write is content as the import (``ledningssystem/1``) would load it, live and stamped. Any
    other way of making such content live goes through the approval guard."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with content_import():
            return super()._create(model_class, *args, **kwargs)


def root_collection() -> Collection:
    return Collection.get_first_root_node()


class WagtailDocumentFactory(wagtail_factories.DocumentFactory):
    """A Wagtail document with a real PDF file in the root collection."""

    title = factory.Sequence(lambda n: f"Fil {n}")
    collection = factory.LazyFunction(root_collection)
    file = factory.LazyAttribute(
        lambda obj: ContentFile(minimal_pdf(obj.title), name=f"{slugify(obj.title) or 'fil'}.pdf")
    )


class GovernedDocumentFactory(ImportedContent, DjangoModelFactory):
    """A live governed document with a PDF file. Pass tags=[...] to tag it."""

    class Meta:
        model = GovernedDocument
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Rutin nummer {n}")
    key = factory.LazyAttributeSequence(lambda obj, n: f"{slugify(obj.title)[:80]}-{n}")
    document_type = "rutin"
    file = factory.SubFactory(WagtailDocumentFactory, title=factory.SelfAttribute("..title"))
    reviewed_by = "Ledningsgrupp Vård och omsorg"
    approved_by = "Chef Vård och omsorg"
    approved_on = datetime.date(2015, 5, 28)
    revised_on = None
    live = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
            self.save()

    @classmethod
    def create_bulk(cls, count: int, **kwargs) -> list[GovernedDocument]:
        """``count`` live documents written in one bulk insert, as the import's bulk path writes
        new documents (GovernedDocument.objects.bulk_create), for lists of thousands. They share
        one file unless ``file`` is given (None: no file); no tags, no search entries."""
        if "file" not in kwargs:
            kwargs["file"] = WagtailDocumentFactory(title="Delad fil")
        documents = cls.build_batch(count, **kwargs)
        with content_import():
            return GovernedDocument.objects.bulk_create(documents, batch_size=500)


class ContentAsImported:
    """Stream fields given to the factory (body, sections, groups) are written as the import
    reads them and converted by the import's code."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        for name in ("sections", "groups"):
            if name in kwargs:
                kwargs[name] = sections(kwargs[name])
        if "body" in kwargs:
            kwargs["body"] = body(kwargs["body"])
        return super()._create(model_class, *args, **kwargs)


class StartPageFactory(ContentAsImported, wagtail_factories.PageFactory):
    title = "Socialförvaltningens ledningssystem"

    class Meta:
        model = StartPage


class AreaPageFactory(ContentAsImported, wagtail_factories.PageFactory):
    title = "Vård och Omsorg"

    class Meta:
        model = AreaPage


class ProcessPageFactory(ContentAsImported, ImportedContent, wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Process {n}")

    class Meta:
        model = ProcessPage


class DocumentIndexPageFactory(wagtail_factories.PageFactory):
    title = "Rutiner Socialförvaltningen"
    document_types = factory.LazyFunction(lambda: ["rutin"])

    class Meta:
        model = DocumentIndexPage


def approved_changes(objects: list[Any], note: str = "Nytt arbetssätt") -> list[Any]:
    """A change of substance approved for each page or document, the newest last, with its
    notice: the change-log entries and notices written in bulk as the approval writes each one
    (``record_publication``, ``create_notice``: the same fields, subject and address), without
    revisions or recipients. For lists of thousands of changes."""
    start = timezone.now() - datetime.timedelta(days=len(objects))
    entries = [
        ChangeLogEntry(
            **ChangeLogEntry.about(obj),
            kind=ChangeLogKind.SUBSTANCE,
            note=note,
            type_label=obj.get_kind_label(),
            approver_name="Maria Andersson",
            revised_on=obj.revised_on or datetime.date(2026, 1, 1),
            published_at=start + datetime.timedelta(days=number),
        )
        for number, obj in enumerate(objects)
    ]
    entries = ChangeLogEntry.objects.bulk_create(entries, batch_size=500)
    notices = [
        Notice(
            change=entry,
            subject=approval.notice_subject(entry)[:255],
            url=emails.absolute_url(obj.get_public_url() or "/"),
            created_at=entry.published_at,
        )
        for entry, obj in zip(entries, objects, strict=True)
    ]
    return Notice.objects.bulk_create(notices, batch_size=500)
