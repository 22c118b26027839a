"""Only registrations: the tool catalogue in the admin, and the functions the management
system (ledning) asks for through hooks, so that it never imports this app."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import services
from .viewsets import ToolViewSet

register_snippet(ToolViewSet)

hooks.register("ledning_notice_recipients", services.notice_recipients)
hooks.register("ledning_notification_preference", services.notification_preference)
hooks.register("ledning_publish_news", services.publish_news)
