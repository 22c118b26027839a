"""Receivers connected in LedningConfig.ready(): they only hand over to the services."""

from __future__ import annotations

from wagtail.signals import published, workflow_approved


def on_published(sender, instance, revision=None, **kwargs) -> None:
    from .services.approval import record_publication

    record_publication(instance, revision)


def on_workflow_approved(sender, instance, user=None, **kwargs) -> None:
    from .services.approval import handle_workflow_approved

    handle_workflow_approved(instance, user)


def connect() -> None:
    published.connect(on_published, dispatch_uid="ledning_record_publication")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="ledning_workflow_approved")
