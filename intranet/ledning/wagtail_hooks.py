from wagtail.snippets.models import register_snippet

from .viewsets import LedningViewSetGroup

register_snippet(LedningViewSetGroup)
