"""Governance's writes with rules (views, admin views, receivers and tasks stay thin and call
these):

- guard.py: the one rule for what may go live, and the import's exception (content_import);
- approval.py: approving through the workflow, the change log, the notice and its news;
- summary.py: what changed between two versions;
- recipients.py: who is told, and how (through contract.py);
- delivery.py and mail.py: the outbox: claiming and sending in batches, marking each message;
- proposals.py, reviews.py, follow.py: change proposals, review reminders and *Granskad utan
  ändring*, following ("Bevaka").

Services never queue tasks: the caller at the top queues on commit (governance/tasks.py)."""

from .approval import act_on_workflow, publish_news, record_publication
from .delivery import SendReport, send_outbox
from .follow import set_following
from .guard import PublicationRefused, content_import
from .proposals import create_proposal, proposal_route, send_proposal_emails
from .reviews import record_review_without_change, send_review_reminders

__all__ = [
    "PublicationRefused",
    "SendReport",
    "act_on_workflow",
    "content_import",
    "create_proposal",
    "proposal_route",
    "publish_news",
    "record_publication",
    "record_review_without_change",
    "send_outbox",
    "send_proposal_emails",
    "send_review_reminders",
    "set_following",
]
