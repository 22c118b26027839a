"""Stream blocks: what editors can put in a page's StreamFields."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .process_flow import ProcessFlowBlock
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
    process_flow = ProcessFlowBlock()
    key_figures = KeyFiguresBlock()
    risks = RiskAnalysisBlock()
    responsibilities = ResponsibilitiesBlock()

    class Meta:
        label = _("Innehåll")
        icon = "doc-full-inverse"
        template = "ledning/blocks/stream.html"
        preview_value = [
            {"type": "heading", "value": "Rutiner"},
            {
                "type": "text",
                "value": "<p>Hemtjänst ska underlätta boendet och det dagliga livet.</p>",
            },
        ]
        description = _("Processsidans innehåll: dokumentlistor, processkarta och kvalitetsarbete.")


class LinkSectionsBlock(blocks.StreamBlock):
    """Headed groups of links: the start page's sections, an area's process steps."""

    section = LinkSectionBlock()

    class Meta:
        label = _("Länkgrupper")
        icon = "list-ul"
        template = "ledning/blocks/stream.html"
        preview_value = [
            {
                "type": "section",
                "value": {
                    "heading": "Att erbjuda förebyggande insatser",
                    "links": [{"text": "Förebyggande hembesök", "url": "https://example.se/"}],
                },
            }
        ]
        description = _("Rubriker med länkar, t.ex. områden eller processteg.")
