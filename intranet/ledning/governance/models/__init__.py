"""Governance's models; ledning/models/__init__.py re-exports them (Django finds them there)."""

from .changelog import (
    ChangeLogEntry,
    ChangeLogKind,
    Delivery,
    DeliveryMode,
    DeliveryStatus,
    Notice,
    OutboxDelivery,
)
from .feedback import (
    ChangeProposal,
    ProposalStatus,
    ReminderDelivery,
    ReminderKind,
    ReviewReminder,
    Subscription,
)
from .pdftags import PdfTagCheck
from .reports import ReportPermission
from .workflow import ApprovalTask, ApprovalTaskState

__all__ = [
    "ApprovalTask",
    "ApprovalTaskState",
    "ChangeLogEntry",
    "ChangeLogKind",
    "ChangeProposal",
    "Delivery",
    "DeliveryMode",
    "DeliveryStatus",
    "Notice",
    "OutboxDelivery",
    "PdfTagCheck",
    "ProposalStatus",
    "ReminderDelivery",
    "ReminderKind",
    "ReportPermission",
    "ReviewReminder",
    "Subscription",
]
