"""Only registrations: the tool catalogue in the admin, and the staff app's side of the
management system's contract (intranet/ledning/contract.py), so that ledning never imports
this app."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from intranet.ledning import contract

from . import services
from .viewsets import ToolViewSet

register_snippet(ToolViewSet)

hooks.register(contract.NOTICE_RECIPIENTS, services.notice_recipients)
hooks.register(contract.NOTIFICATION_PREFERENCES, services.notification_preferences)
hooks.register(contract.PUBLISH_NEWS, services.publish_news)
hooks.register(contract.PAGE_ACTIONS, services.bookmark_star)
hooks.register(contract.WORKPLACE_MEMBERSHIPS, services.workplace_memberships)
