"""StreamField blocks of the management system, in layers: basic → struct → stream."""

from .basic import DocumentTypeBlock, GovernedDocumentChooserBlock, RatingBlock
from .process_flow import FlowActivityBlock, FlowBranchBlock, ProcessFlowBlock
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
    "FlowActivityBlock",
    "FlowBranchBlock",
    "GovernedDocumentChooserBlock",
    "HeadingBlock",
    "KeyFigureRowBlock",
    "KeyFiguresBlock",
    "LinkBlock",
    "LinkSectionBlock",
    "LinkSectionsBlock",
    "ProcessBodyBlock",
    "ProcessFlowBlock",
    "ProcessMapBlock",
    "RatingBlock",
    "RelatedMaterialBlock",
    "ResponsibilitiesBlock",
    "ResponsibilityRowBlock",
    "RiskAnalysisBlock",
    "RiskRowBlock",
    "TextBlock",
]
