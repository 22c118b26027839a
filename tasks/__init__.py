"""The project's Celery application (DESIGN.md, "Layout").

Importing this package creates the app and makes it Celery's current app, so every
``@shared_task`` in the project's apps is bound to it. The project lists ``"tasks"`` in
INSTALLED_APPS so that this happens whenever Django starts (web, manage.py, tests); a worker
starts it with ``celery -A tasks worker``.
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
