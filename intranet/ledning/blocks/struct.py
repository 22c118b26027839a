"""Struct blocks: the management system's content units, each with its own rules in clean()."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .. import conf
from ..models.documents import DocumentType
from .basic import (
    DocumentTypeBlock,
    GovernedDocumentChooserBlock,
    RatingBlock,
    sample_documents,
)


def _non_block_error(message) -> StructBlockValidationError:
    return StructBlockValidationError(non_block_errors=ErrorList([ValidationError(message)]))


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Rubrik")
        template = "ledning/blocks/heading.html"
        form_classname = "title"
        preview_value = "Rutiner"
        description = _("En mellanrubrik på sidan.")


class TextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "ledning/blocks/text.html"
        preview_value = (
            "<p>Hemtjänst ska underlätta boendet och det dagliga livet när sjukdom och "
            "funktionsnedsättning gör det svårt för en person att klara sig själv.</p>"
        )
        description = _("Löptext med rubriker, listor och länkar.")


class LinkValue(blocks.StructValue):
    @property
    def display_text(self) -> str:
        if self.get("text"):
            return self["text"]
        if self.get("page"):
            return self["page"].title
        if self.get("document"):
            return self["document"].title
        return self.get("url") or ""


class LinkBlock(blocks.StructBlock):
    """A link to a page, a governed document or an external address, with an optional text."""

    text = blocks.CharBlock(
        label=_("Länktext"),
        required=False,
        help_text=_("Lämna tomt för att använda sidans eller dokumentets titel."),
    )
    page = blocks.PageChooserBlock(label=_("Sida"), required=False)
    document = GovernedDocumentChooserBlock(required=False)
    url = blocks.URLBlock(label=_("Extern adress"), required=False)

    class Meta:
        icon = "link"
        label = _("Länk")
        template = "ledning/blocks/link.html"
        value_class = LinkValue
        preview_value = {
            "text": "SOSFS 2011:9 Ledningssystem för systematiskt kvalitetsarbete",
            "url": "https://www.socialstyrelsen.se/",
        }
        description = _("En länk till en sida, ett styrande dokument eller en extern adress.")

    def clean(self, value):
        value = super().clean(value)
        targets = [name for name in ("page", "document", "url") if value.get(name)]
        if len(targets) != 1:
            raise _non_block_error(
                _("Välj exakt ett mål för länken: en sida, ett dokument eller en extern adress.")
            )
        return value


class LinkSectionBlock(blocks.StructBlock):
    """A heading with a list of links: the start page's sections and an area's groups."""

    heading = blocks.CharBlock(label=_("Rubrik"))
    links = blocks.ListBlock(LinkBlock(), label=_("Länkar"))

    class Meta:
        icon = "list-ul"
        label = _("Länkgrupp")
        template = "ledning/blocks/link_section.html"
        preview_value = {
            "heading": "Att erbjuda förebyggande insatser",
            "links": [
                {"text": "Förebyggande hembesök", "url": "https://example.se/"},
                {"text": "Syn- och hörsel", "url": "https://example.se/"},
            ],
        }
        description = _("En rubrik med länkar, t.ex. ett processteg med dess delmoment.")


class DocumentListItemBlock(blocks.StructBlock):
    document = GovernedDocumentChooserBlock()
    children = blocks.ListBlock(
        GovernedDocumentChooserBlock(),
        label=_("Underdokument"),
        min_num=0,
        default=[],
        help_text=_("Dokument som hör till dokumentet ovan, t.ex. material i en pärm."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokument")
        template = "ledning/blocks/document_list_item.html"
        description = _("Ett dokument i listan, med eventuella underdokument.")
        preview_value = {"document": None, "children": []}

    def get_preview_value(self):
        # Previews show real documents when there are some.
        documents = sample_documents(2)
        return self.normalize(
            {
                "document": documents[0] if documents else None,
                "children": documents[1:],
            }
        )

    def bulk_to_python(self, values):
        # One query for the documents of every item and their nested children.
        ids = []
        for value in values:
            ids.append(value.get("document"))
            for child in value.get("children") or []:
                ids.append(child.get("value") if isinstance(child, dict) else child)
        with GovernedDocumentChooserBlock.prefetched(ids):
            return super().bulk_to_python(values)


class DocumentListBlock(blocks.StructBlock):
    """A list of governed documents under a heading ("Riktlinjer", "Rutiner" …)."""

    heading = blocks.CharBlock(label=_("Rubrik"))
    document_type = DocumentTypeBlock(
        required=False,
        help_text=_("Om en typ väljs måste alla dokument i listan vara av den typen."),
    )
    items = blocks.ListBlock(DocumentListItemBlock(), label=_("Dokument"))

    class Meta:
        icon = "doc-full-inverse"
        label = _("Dokumentlista")
        template = "ledning/blocks/document_list.html"
        preview_value = {"heading": "Rutiner", "document_type": "rutin", "items": []}
        description = _("Riktlinjer, rutiner, blanketter eller informationsmaterial i en lista.")

    def clean(self, value):
        value = super().clean(value)
        wanted = value.get("document_type")
        seen: set[int] = set()
        for item in value.get("items") or []:
            for document in [item.get("document"), *(item.get("children") or [])]:
                if document is None:
                    continue
                if wanted and document.document_type != wanted:
                    raise _non_block_error(
                        _("”%(title)s” är inte av typen %(type)s.")
                        % {"title": document.title, "type": DocumentType(wanted).label}
                    )
                if document.pk in seen:
                    raise _non_block_error(
                        _("”%(title)s” finns redan i listan.") % {"title": document.title}
                    )
                seen.add(document.pk)
        return value


class RelatedMaterialBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Rubrik"), default=_("Relaterat material"))
    links = blocks.ListBlock(LinkBlock(), label=_("Länkar"))

    class Meta:
        icon = "link"
        label = _("Relaterat material")
        template = "ledning/blocks/related_material.html"
        preview_value = {
            "heading": "Relaterat material",
            "links": [{"text": "Lathundar verksamhetssystem", "url": "https://example.se/"}],
        }
        description = _("Länkar till sidor, dokument eller webbplatser som hör till processen.")


class ProcessMapBlock(blocks.StructBlock):
    """A process map: a yEd map (shown as a clickable SVG), a picture or a document. Small maps
    show on the page; large ones get a page of their own with a link from the process page
    (seed 001)."""

    title = blocks.CharBlock(label=_("Rubrik"))
    large = blocks.BooleanBlock(
        label=_("Stor processkarta"),
        required=False,
        help_text=_("Visa kartan på en egen sida med en länk från processsidan."),
    )
    process_map = SnippetChooserBlock(
        "ledning.ProcessMap",
        label=_("Processkarta från yEd"),
        required=False,
        help_text=_(
            "Visas som en klickbar karta med en textversion. Laddas upp under "
            "Ledningssystem → Processkartor."
        ),
    )
    image = ImageChooserBlock(label=_("Bild"), required=False)
    document = GovernedDocumentChooserBlock(required=False)
    graphml = DocumentChooserBlock(
        label=_("yEd-fil (GraphML)"),
        required=False,
        help_text=_("Processkartan som yEd-fil att ladda ned."),
    )

    class Meta:
        icon = "site"
        label = _("Processkarta")
        template = "ledning/blocks/process_map.html"
        preview_value = {"title": "Process Verkställa beslut hemtjänst", "large": True}
        description = _(
            "En processkarta från yEd, som bild eller som dokument, liten på sidan eller stor."
        )

    def clean(self, value):
        value = super().clean(value)
        sources = [
            name for name in ("process_map", "image", "document", "graphml") if value.get(name)
        ]
        if len(sources) != 1:
            raise _non_block_error(
                _(
                    "Välj exakt en källa för processkartan: en processkarta från yEd, en bild, "
                    "ett dokument eller en yEd-fil."
                )
            )
        if value.get("graphml") and not value["graphml"].filename.lower().endswith(".graphml"):
            raise StructBlockValidationError(
                block_errors={"graphml": ValidationError(_("Filen är inte en .graphml-fil."))}
            )
        return value


class KeyFigureRowBlock(blocks.StructBlock):
    goal = blocks.CharBlock(label=_("Mål"))
    figure = blocks.CharBlock(label=_("Nyckeltal eller kvalitetsmått"))
    target = blocks.CharBlock(label=_("Målvärde"), required=False)
    follow_up = blocks.CharBlock(label=_("Uppföljning"), required=False)

    class Meta:
        icon = "tick"
        label = _("Mål och nyckeltal")
        template = "ledning/blocks/key_figure_row.html"
        preview_value = {
            "goal": "Klagomål besvaras snabbt",
            "figure": "Andel klagomål besvarade inom två veckor",
            "target": "100 %",
            "follow_up": "Varje kvartal",
        }
        description = _("Ett mål med nyckeltal, målvärde och uppföljning.")


class KeyFiguresBlock(blocks.StructBlock):
    """Goals with key figures and target values (seed 004 §5.1: every process has goals and at
    least a couple of key figures with target values)."""

    rows = blocks.ListBlock(KeyFigureRowBlock(), label=_("Mål"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Mål och nyckeltal")
        template = "ledning/blocks/key_figures.html"
        preview_value = {
            "rows": [
                {
                    "goal": "Klagomål besvaras snabbt",
                    "figure": "Andel klagomål besvarade inom två veckor",
                    "target": "100 %",
                    "follow_up": "Varje kvartal",
                }
            ]
        }
        description = _("Processens mål, nyckeltal, målvärden och uppföljning.")


class RiskRowValue(blocks.StructValue):
    @property
    def value(self) -> int:
        return int(self.get("severity") or 0) * int(self.get("likelihood") or 0)

    @property
    def level(self) -> str:
        return risk_level(self.value)

    @property
    def level_label(self) -> str:
        return dict(RISK_LEVEL_LABELS)[self.level]


RISK_LEVEL_LABELS = [
    ("low", _("Låg risk")),
    ("medium", _("Måttlig risk")),
    ("high", _("Hög risk")),
    ("critical", _("Mycket hög risk")),
]


def risk_level(value: int) -> str:
    if value >= 12:
        return "critical"
    if value >= 8:
        return "high"
    if value >= 4:
        return "medium"
    return "low"


class RiskRowBlock(blocks.StructBlock):
    risk = blocks.CharBlock(label=_("Risk"), help_text=_("Vad kan hända?"))
    severity = RatingBlock(label=_("Allvarlighetsgrad (1–4)"))
    likelihood = RatingBlock(label=_("Sannolikhet (1–4)"))
    action = blocks.TextBlock(
        label=_("Åtgärd"), required=False, help_text=_("Vad gör vi för att förebygga det?")
    )

    class Meta:
        icon = "warning"
        label = _("Risk")
        value_class = RiskRowValue
        template = "ledning/blocks/risk_row.html"
        preview_value = {
            "risk": "Klagomål blir liggande obesvarade",
            "severity": 3,
            "likelihood": 2,
            "action": "Registrator bevakar svarstiden.",
        }
        description = _("En risk med allvarlighetsgrad, sannolikhet och åtgärd.")

    def clean(self, value):
        value = super().clean(value)
        threshold = conf.get("RISK_ACTION_THRESHOLD")
        if value.value >= threshold and not (value.get("action") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "action": ValidationError(
                        _("Riskvärdet är %(value)s: ange en åtgärd (krävs från %(threshold)s).")
                        % {"value": value.value, "threshold": threshold}
                    )
                }
            )
        return value


class RiskAnalysisValue(blocks.StructValue):
    @property
    def matrix(self) -> list[dict]:
        """Rows of the 4 × 4 matrix, severity 4 at the top, each cell with the risks in it."""
        rows = []
        numbered = list(enumerate(self.get("rows") or [], start=1))
        for severity in range(4, 0, -1):
            cells = []
            for likelihood in range(1, 5):
                value = severity * likelihood
                cells.append(
                    {
                        "severity": severity,
                        "likelihood": likelihood,
                        "value": value,
                        "level": risk_level(value),
                        "risks": [
                            number
                            for number, row in numbered
                            if row.get("severity") == severity
                            and row.get("likelihood") == likelihood
                        ],
                    }
                )
            rows.append({"severity": severity, "cells": cells})
        return rows

    @property
    def numbered_rows(self) -> list[tuple[int, RiskRowValue]]:
        return list(enumerate(self.get("rows") or [], start=1))


class RiskAnalysisBlock(blocks.StructBlock):
    """Risk analysis (seed 004 §6.4): each risk gets a severity and a likelihood; their product
    is the risk value, computed here, never typed, and shown in a coloured matrix."""

    rows = blocks.ListBlock(RiskRowBlock(), label=_("Risker"), min_num=1)

    class Meta:
        icon = "warning"
        label = _("Riskanalys")
        template = "ledning/blocks/risk_analysis.html"
        value_class = RiskAnalysisValue
        preview_value = {
            "rows": [
                {
                    "risk": "Klagomål blir liggande obesvarade",
                    "severity": 3,
                    "likelihood": 2,
                    "action": "Registrator bevakar svarstiden.",
                }
            ],
        }
        description = _("Risker med allvarlighetsgrad och sannolikhet, visade i en riskmatris.")


class ResponsibilityRowBlock(blocks.StructBlock):
    role = blocks.CharBlock(label=_("Roll"))
    duties = blocks.ListBlock(blocks.CharBlock(label=_("Uppgift")), label=_("Ansvarar för"))

    class Meta:
        icon = "user"
        label = _("Roll")
        template = "ledning/blocks/responsibility_row.html"
        preview_value = {"role": "Enhetschef", "duties": ["att klagomål besvaras inom 14 dagar"]}
        description = _("En roll och det den ansvarar för.")


class ResponsibilitiesBlock(blocks.StructBlock):
    """Division of responsibilities: each role with its duties (seed 004 §4.4, §5.3, §6.6)."""

    rows = blocks.ListBlock(ResponsibilityRowBlock(), label=_("Roller"), min_num=1)

    class Meta:
        icon = "group"
        label = _("Ansvarsfördelning")
        template = "ledning/blocks/responsibilities.html"
        preview_value = {
            "rows": [
                {
                    "role": "Enhetschef",
                    "duties": ["att synpunkter och klagomål tas emot och slutförs inom 14 dagar"],
                }
            ],
        }
        description = _("Vilken roll som ansvarar för vad.")

    def clean(self, value):
        value = super().clean(value)
        roles = [(row.get("role") or "").strip().lower() for row in value.get("rows") or []]
        duplicates = sorted({role for role in roles if roles.count(role) > 1})
        if duplicates:
            raise _non_block_error(
                _("Rollen ”%(role)s” står flera gånger; samla dess uppgifter på ett ställe.")
                % {"role": duplicates[0]}
            )
        return value
