"""The management system's models, split by concern and re-exported here, the features' models
(processmaps/models.py …) included: Django finds every model of the app here."""

from ..governance.models import (
    ApprovalTask,
    ApprovalTaskState,
    ChangeLogEntry,
    ChangeLogKind,
    ChangeProposal,
    Delivery,
    DeliveryMode,
    DeliveryStatus,
    Notice,
    OutboxDelivery,
    PdfTagCheck,
    ProposalStatus,
    ReminderDelivery,
    ReminderKind,
    ReportPermission,
    ReviewReminder,
    Subscription,
)
from ..linkcheck.models import Link, LinkCheckRun, LinkKind, LinkPlace, Verdict
from ..processmaps.models import ProcessMap, ProcessMapLink
from ..readconfirm.models import (
    ReadConfirmation,
    ReadReminder,
    ReadReminderDelivery,
    ReadRequest,
)
from .approval import ApprovalMetadata, ApproverRole, ChangeKind, ChangeTracking
from .documents import (
    DocumentType,
    DocumentVersion,
    GovernedDocument,
    GovernedDocumentTag,
    document_counts_stamp,
    forget_document_counts,
)
from .pages import AreaPage, DocumentIndexPage, ProcessKind, ProcessPage, StartPage
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
    "DocumentVersion",
    "GovernedDocument",
    "GovernedDocumentTag",
    "Link",
    "LinkCheckRun",
    "LinkKind",
    "LinkPlace",
    "Notice",
    "OutboxDelivery",
    "PdfTagCheck",
    "ProcessKind",
    "ProcessMap",
    "ProcessMapLink",
    "ProcessPage",
    "ProposalStatus",
    "ReadConfirmation",
    "ReadReminder",
    "ReadReminderDelivery",
    "ReadRequest",
    "ReminderDelivery",
    "ReminderKind",
    "ReportPermission",
    "ReviewReminder",
    "StartPage",
    "Subscription",
    "Verdict",
    "Workplace",
    "document_counts_stamp",
    "forget_document_counts",
]
