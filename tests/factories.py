"""Factories for the management system's models (factory_boy and wagtail-factories)."""

from __future__ import annotations

import datetime

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Collection

from intranet.ledning.governance.services.guard import content_import
from intranet.ledning.models import (
    AreaPage,
    DocumentIndexPage,
    GovernedDocument,
    ProcessPage,
    StartPage,
)


def minimal_pdf(title: str) -> bytes:
    """A small but well-formed one-page PDF showing the title, so files really open."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 770 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


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


class StartPageFactory(wagtail_factories.PageFactory):
    title = "Socialförvaltningens ledningssystem"

    class Meta:
        model = StartPage


class AreaPageFactory(wagtail_factories.PageFactory):
    title = "Vård och Omsorg"

    class Meta:
        model = AreaPage


class ProcessPageFactory(ImportedContent, wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Process {n}")

    class Meta:
        model = ProcessPage


class DocumentIndexPageFactory(wagtail_factories.PageFactory):
    title = "Rutiner Socialförvaltningen"
    document_types = factory.LazyFunction(lambda: ["rutin"])

    class Meta:
        model = DocumentIndexPage
