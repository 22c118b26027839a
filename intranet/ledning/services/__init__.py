"""Writes with rules for the management system's governance: approvals and the change log,
notices and their delivery, change proposals, following, review reminders.

Views, admin hooks and Celery tasks stay thin and call these functions."""
