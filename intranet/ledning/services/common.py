"""What the governance services share: which objects are governed, their owners, links."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.utils.text import capfirst
from wagtail.models import Page

from .. import conf
from ..emails import absolute_url, base_url  # noqa: F401  (linkcheck imports them here)

if TYPE_CHECKING:
    from ..models import GovernedDocument


def is_governed(obj: Any) -> bool:
    """Process pages and governed documents carry approval metadata and change statements."""
    from ..models import GovernedDocument, ProcessPage

    return isinstance(obj, ProcessPage | GovernedDocument)


def specific(obj: Any) -> Any:
    return obj.specific if isinstance(obj, Page) else obj


def target_fields(obj: Any) -> dict[str, Any]:
    """Keyword arguments naming obj (a page or a governed document) on a TargetMixin record."""
    obj = specific(obj)
    if isinstance(obj, Page):
        return {"page": obj, "document": None, "title": obj.title[:255]}
    return {"page": None, "document": obj, "title": str(obj)[:255]}


def target_filter(obj: Any) -> dict[str, Any]:
    if isinstance(obj, Page):
        return {"page_id": obj.pk}
    return {"document_id": obj.pk}


def type_label(obj: Any) -> str:
    """ "Rutin", "Riktlinje", "Processsida": what the object is, for people."""
    from ..models import GovernedDocument

    if isinstance(obj, GovernedDocument):
        return str(obj.get_document_type_display())
    return str(capfirst(obj._meta.verbose_name))


def user_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def object_url(obj: Any) -> str:
    """Absolute address of a page or a governed document's own page."""
    obj = specific(obj)
    if isinstance(obj, Page):
        return absolute_url(obj.get_url() or "/")
    return absolute_url(obj.get_absolute_url())


def owners_of(obj: Any) -> list[Model]:
    """The named owners (sidansvariga / dokumentansvariga) of a page or document.

    A document without owners of its own falls back to the owners of the process pages that
    list it; any other page to its nearest process page's owners."""
    from .. import selectors
    from ..models import GovernedDocument, ProcessPage

    obj = specific(obj)
    if isinstance(obj, GovernedDocument):
        owners = list(obj.owner_users.all())
        if owners:
            return owners
        users: dict[int, Model] = {}
        for page in selectors.pages_listing_document(obj):
            for user in page.page_owner_users.all():
                users[user.pk] = user
        return list(users.values())
    if isinstance(obj, ProcessPage):
        return list(obj.page_owner_users.all())
    if isinstance(obj, Page):
        process = ProcessPage.objects.ancestor_of(obj).order_by("-depth").first()
        return list(process.page_owner_users.all()) if process else []
    return []


def administrators() -> QuerySet:
    """Active members of the LS-administrators group."""
    return (
        get_user_model()
        .objects.filter(groups__name=conf.get("ADMINISTRATORS_GROUP"), is_active=True)
        .distinct()
    )


def with_email(users: Iterable[Model]) -> list[Model]:
    return [user for user in users if user.is_active and getattr(user, "email", "")]


def document_by_id(pk: int) -> GovernedDocument | None:
    from ..models import GovernedDocument

    return GovernedDocument.objects.filter(pk=pk).first()
