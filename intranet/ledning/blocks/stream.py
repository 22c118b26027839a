"""Stream blocks: what editors can put in a page's StreamFields."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .struct import (
    DocumentListBlock,
    HeadingBlock,
    KeyFiguresBlock,
    LinkSectionBlock,
    ProcessMapBlock,
    RelatedMaterialBlock,
    ResponsibilitiesBlock,
    RiskAnalysisBlock,
    TextBlock,
)


class ProcessBodyBlock(blocks.StreamBlock):
    """The body of a process page: documents, related material, map and quality content."""

    heading = HeadingBlock()
    text = TextBlock()
    documents = DocumentListBlock()
    related = RelatedMaterialBlock()
    process_map = ProcessMapBlock()
    key_figures = KeyFiguresBlock()
    risks = RiskAnalysisBlock()
    responsibilities = ResponsibilitiesBlock()

    class Meta:
        label = _("Innehåll")


class LinkSectionsBlock(blocks.StreamBlock):
    """Headed groups of links: the start page's sections, an area's process steps."""

    section = LinkSectionBlock()

    class Meta:
        label = _("Länkgrupper")
