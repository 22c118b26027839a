"""Governance of the management system, in the shape every feature has:

- models/: the approval step (workflow.py), the change log and the notices' outbox
  (changelog.py), proposals, following and review reminders (feedback.py), the reports'
  permissions (reports.py); re-exported by ledning/models/;
- selectors.py (reads), services/ (writes: approval and its guard, the change summary,
  notices and their delivery, proposals, reviews, following, who is told), emails.py (what each
  e-mail says), forms.py, views.py (staff), admin_views/ (Wagtail admin), viewsets.py
  (snippets), tasks.py (Celery).

It builds on the content layer (ledning/models, governed.py, visibility.py, emails.py,
contract.py) and is imported by the app's top layer (wagtail_hooks.py, signal_handlers.py,
urls.py, viewsets.py, templatetags). Other features use it through its services and selectors:
linkcheck sends with services/mail.py and reads selectors.administrators; exchange imports
content through services/guard.py's content_import.
"""
