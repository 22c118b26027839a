"""The management system's models, split by concern and re-exported here."""

from .approval import ApprovalMetadata
from .documents import DocumentType, GovernedDocument, GovernedDocumentTag
from .pages import AreaPage, DocumentIndexPage, ProcessKind, ProcessPage, StartPage
from .workplaces import Workplace

__all__ = [
    "ApprovalMetadata",
    "AreaPage",
    "DocumentIndexPage",
    "DocumentType",
    "GovernedDocument",
    "GovernedDocumentTag",
    "ProcessKind",
    "ProcessPage",
    "StartPage",
    "Workplace",
]
