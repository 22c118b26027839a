from django.apps import AppConfig


class TasksConfig(AppConfig):
    """Listed in INSTALLED_APPS only so that Django imports the Celery app at startup."""

    name = "tasks"
    label = "intranet_tasks"
    verbose_name = "Celery"
