"""The portal's Celery tasks, gathered here for Celery's autodiscovery (which imports
``<app>.tasks``): each feature keeps its own in its tasks.py."""

from .accessibility.tasks import send_feedback

__all__ = ["send_feedback"]
