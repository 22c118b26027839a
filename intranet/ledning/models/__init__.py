"""The management system's models, split by concern and re-exported here, the features' models
(processmaps/models.py …) included: Django finds every model of the app here."""

from ..linkcheck.models import Link, LinkCheckRun, LinkKind, LinkPlace, Verdict
from ..processmaps.models import ProcessMap, ProcessMapLink
from .approval import ApprovalMetadata, ApproverRole, ChangeKind, ChangeTracking
from .documents import DocumentType, GovernedDocument, GovernedDocumentTag
from .feedback import (
    ChangeProposal,
    ProposalStatus,
    ReminderKind,
    ReviewReminder,
    Subscription,
)
from .governance import (
    ApprovalTask,
    ApprovalTaskState,
    ChangeLogEntry,
    ChangeLogKind,
    Delivery,
    DeliveryMode,
    DeliveryStatus,
    Notice,
)
from .pages import AreaPage, DocumentIndexPage, ProcessKind, ProcessPage, StartPage
from .reports import ReportPermission
from .workplaces import Workplace

__all__ = [
    "ApprovalMetadata",
    "ApprovalTask",
    "ApprovalTaskState",
    "ApproverRole",
    "AreaPage",
    "ChangeKind",
    "ChangeLogEntry",
    "ChangeLogKind",
    "ChangeProposal",
    "ChangeTracking",
    "Delivery",
    "DeliveryMode",
    "DeliveryStatus",
    "DocumentIndexPage",
    "DocumentType",
    "GovernedDocument",
    "GovernedDocumentTag",
    "Link",
    "LinkCheckRun",
    "LinkKind",
    "LinkPlace",
    "Notice",
    "ProcessKind",
    "ProcessMap",
    "ProcessMapLink",
    "ProcessPage",
    "ProposalStatus",
    "ReminderKind",
    "ReportPermission",
    "ReviewReminder",
    "StartPage",
    "Subscription",
    "Verdict",
    "Workplace",
]
