"""StreamField blocks of the management system, in layers: basic → struct → stream."""

from .basic import DocumentTypeBlock, GovernedDocumentChooserBlock, RatingBlock
from .stream import LinkSectionsBlock, ProcessBodyBlock
from .struct import (
    DocumentListBlock,
    DocumentListItemBlock,
    HeadingBlock,
    KeyFigureRowBlock,
    KeyFiguresBlock,
    LinkBlock,
    LinkSectionBlock,
    ProcessMapBlock,
    RelatedMaterialBlock,
    ResponsibilitiesBlock,
    ResponsibilityRowBlock,
    RiskAnalysisBlock,
    RiskRowBlock,
    TextBlock,
)

__all__ = [
    "DocumentListBlock",
    "DocumentListItemBlock",
    "DocumentTypeBlock",
    "GovernedDocumentChooserBlock",
    "HeadingBlock",
    "KeyFigureRowBlock",
    "KeyFiguresBlock",
    "LinkBlock",
    "LinkSectionBlock",
    "LinkSectionsBlock",
    "ProcessBodyBlock",
    "ProcessMapBlock",
    "RatingBlock",
    "RelatedMaterialBlock",
    "ResponsibilitiesBlock",
    "ResponsibilityRowBlock",
    "RiskAnalysisBlock",
    "RiskRowBlock",
    "TextBlock",
]
