"""The governed-object contract: what a process page and a governed document share.

A process page (``ProcessPage``) and a governed document (``GovernedDocument``) are the two
kinds of *governed* content: both carry the approval metadata (Fastställd av, Reviderad …), go
live through the approval workflow, have owners, are reviewed on a schedule and are told about
to staff. Code that works on "a page or a document" asks the object through this contract
instead of branching on its type:

- ``Governed``: the Protocol (what the rest of the app may rely on);
- ``GovernedMixin`` and its two implementations, ``GovernedPageMixin`` (ProcessPage) and
  ``GovernedDocumentMixin`` (GovernedDocument), which the models list among their bases;
- ``GovernedTarget``: the abstract model with the nullable page/document foreign-key pair (and
  the title) of every record about "a page or a document" — declared here once;
- ``as_governed(obj)``, ``target_of(obj)``, ``public_url(obj)``, ``responsible_users(obj)``:
  the questions asked of any object (governed or any other page);
- ``document_url(key, …)``: the one place a governed document's addresses are built (its page,
  its file, an approved version and that version's file, the JSON list of its versions).

This module sits below the models (the models import it, it imports no model of this app: the
process page model is looked up in the app registry when needed) and above nothing but
conf.py and visibility.py.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, ReferenceIndex

from . import conf
from .visibility import Viewer

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from wagtail.models import BaseViewRestriction


@runtime_checkable
class Governed(Protocol):
    """A process page or a governed document, as the rest of the app sees it."""

    pk: Any
    title: str
    live: bool
    # The approval metadata (models/approval.py: ApprovalMetadata, ChangeTracking).
    reviewed_by: str
    approved_by: str
    approved_on: datetime.date | None
    revised_on: datetime.date | None
    review_interval_months: int | None
    change_kind: str
    change_note: str

    #: Which foreign key of a GovernedTarget names it: "page" or "document".
    target_kind: ClassVar[str]
    #: How URLs name its kind: "sida" or "dokument".
    governed_kind: ClassVar[str]
    #: The many-to-many field of its named owners (for prefetching).
    owner_users_field: ClassVar[str]
    #: The role (a group) that owns it, whoever is in it now; None without one.
    owner_group: Any

    def get_public_url(self) -> str:
        """Where staff read it (relative), or "" when it has no address."""

    def get_admin_edit_url(self) -> str:
        """Its edit view in the Wagtail admin."""

    def get_owner_users(self) -> list[AbstractBaseUser]:
        """Its owners: the persons named (sidansvariga / dokumentansvariga) and the active
        members of its owner role (group)."""

    def get_named_owners(self) -> list[AbstractBaseUser]:
        """The persons named its owners, active or not."""

    def has_owner(self) -> bool:
        """Does it have named owners or an owner role?"""

    def has_active_owner(self) -> bool:
        """Is any of its owners (named, or in its owner role) an active user?"""

    @classmethod
    def owner_prefetch(cls) -> tuple[str, ...]:
        """What to prefetch (after select_related("owner_group")) to ask for its owners
        without further queries."""

    def get_responsible_users(self) -> list[AbstractBaseUser]:
        """Its owners, or whoever answers for it when nobody is named (a document without
        owners: the owners of the process pages listing it)."""

    @property
    def owner_role_text(self) -> str:
        """The owner's role as written on it (e.g. "Chef för område 2")."""

    def get_kind_label(self) -> str:
        """What it is, for people: "Processsida", "Rutin", "Riktlinje" …"""

    def get_review_interval_key(self) -> str:
        """Its key in LEDNING_REVIEW_INTERVALS: "process" or the document type."""

    def get_view_restrictions(self) -> Iterable[BaseViewRestriction]:
        """The Wagtail view restrictions that apply to it (visibility.py)."""

    def get_listing_pages(self, viewer: Viewer | None = None) -> list[Page]:
        """Live process pages that list it, in tree order (none for a page)."""

    def get_governed_page_ids(self) -> list[int]:
        """The pages staff reach it through: the page itself, or the pages listing it."""


# --- the review clock -------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """day, months later (the last day of the month when that month is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def interval_months(own: int | None, key: str) -> int:
    """Months between reviews: the object's own interval, its type's (LEDNING_REVIEW_INTERVALS,
    ``key`` is "process" or the document type), or the default
    (LEDNING_REVIEW_INTERVAL_MONTHS)."""
    if own:
        return int(own)
    return int(conf.get("REVIEW_INTERVALS").get(key, conf.get("REVIEW_INTERVAL_MONTHS")))


def clock_start(
    revised_on: datetime.date | None,
    approved_on: datetime.date | None,
    reviewed_on: datetime.date | None,
    first_published_at: datetime.datetime | None,
) -> datetime.date | None:
    """Where the review clock starts: the latest of the last revision (a change of substance),
    the approval and the last review without change (*Granskad utan ändring*); without any of
    them, the first publication (local date); None when there is nothing at all."""
    days = [day for day in (revised_on, approved_on, reviewed_on) if day]
    if days:
        return max(days)
    return timezone.localtime(first_published_at).date() if first_published_at else None


def due_date(
    own_interval: int | None,
    key: str,
    revised_on: datetime.date | None,
    approved_on: datetime.date | None,
    reviewed_on: datetime.date | None,
    first_published_at: datetime.datetime | None,
) -> datetime.date | None:
    """The day a review falls due (None when the clock has not started)."""
    start = clock_start(revised_on, approved_on, reviewed_on, first_published_at)
    return add_months(start, interval_months(own_interval, key)) if start else None


#: The fields a stored due date (``review_due_on``) is worked out from, besides the change
#: log's last review without change: saving any of them saves the due date too.
REVIEW_INPUTS = frozenset(
    {"approved_on", "revised_on", "review_interval_months", "first_published_at", "document_type"}
)


def owner_group_key() -> models.ForeignKey:
    """The owner role of a process page or governed document: a group (e.g. "Chef Vård och
    omsorg"), so that ownership survives staff changes. Declared once here; both models add
    it as ``owner_group``."""
    return models.ForeignKey(
        "auth.Group",
        verbose_name=_("ansvarig roll (grupp)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Ansvaret följer rollen: alla aktiva i gruppen får påminnelser om granskning och "
            "förslag om ändringar, också när personalen byts."
        ),
    )


class GovernedMixin:
    """What both kinds of governed content implement the same way."""

    target_kind: ClassVar[str]
    governed_kind: ClassVar[str]
    owner_users_field: ClassVar[str]
    owner_group_field: ClassVar[str] = "owner_group"

    @classmethod
    def owner_prefetch(cls) -> tuple[str, ...]:
        """Prefetch these (after select_related("owner_group")) to ask for owners without
        further queries."""
        return (cls.owner_users_field, f"{cls.owner_group_field}__user_set")

    def get_named_owners(self) -> list[Any]:
        return list(getattr(self, self.owner_users_field).all())

    def get_owner_group_members(self) -> list[Any]:
        """Everyone in the owner role's group, active or not ([] without a role)."""
        group = getattr(self, self.owner_group_field, None)
        return list(group.user_set.all()) if group is not None else []

    def get_owner_users(self) -> list[Any]:
        users = {user.pk: user for user in self.get_named_owners()}
        for user in self.get_owner_group_members():
            if user.is_active:
                users.setdefault(user.pk, user)
        return list(users.values())

    def has_owner(self) -> bool:
        """Named owners or an owner role."""
        return bool(getattr(self, f"{self.owner_group_field}_id", None) or self.get_named_owners())

    def has_active_owner(self) -> bool:
        return any(user.is_active for user in self.get_owner_users())

    def get_responsible_users(self) -> list[Any]:
        return self.get_owner_users()

    def get_listing_pages(self, viewer: Viewer | None = None) -> list[Page]:
        return []

    def get_governed_page_ids(self) -> list[int]:
        return [page.pk for page in self.get_listing_pages()]

    # The stored due date (``review_due_on``, models/approval.py: ReviewDueField), so that the
    # database sorts, counts and pages the reviews: worked out again whenever the object is
    # written (save, bulk_create, the import's inserts), from its own fields and the change
    # log.

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and REVIEW_INPUTS.intersection(update_fields):
            kwargs["update_fields"] = {*update_fields, "review_due_on"}
        super().save(*args, **kwargs)  # type: ignore[misc]

    def last_review_without_change(self) -> datetime.date | None:
        """The local date of the last *Granskad utan ändring* in the change log, or None."""
        if self.pk is None:
            return None
        change_log = apps.get_model("ledning", "ChangeLogEntry")
        # kind "granskad" is ChangeLogKind.REVIEWED (governance, which this module sits below).
        last = (
            change_log.objects.filter(target_filter(self), kind="granskad")
            .aggregate(last=models.Max("published_at"))
            .get("last")
        )
        return timezone.localtime(last).date() if last else None

    def work_out_review_due(self, reviewed_on: datetime.date | None) -> datetime.date | None:
        """Its due date with reviewed_on as its last review without change (the dates as the
        fields read them: code may have set a date as text, as a form would)."""

        def value(name: str) -> Any:
            return self._meta.get_field(name).to_python(getattr(self, name))  # type: ignore[attr-defined]

        return due_date(
            value("review_interval_months"),
            self.get_review_interval_key(),  # type: ignore[attr-defined]
            value("revised_on"),
            value("approved_on"),
            reviewed_on,
            value("first_published_at"),
        )


def _group_name(obj: Any) -> str:
    group = getattr(obj, obj.owner_group_field, None)
    return group.name if group is not None else ""


class GovernedPageMixin(GovernedMixin):
    """ProcessPage's side of the contract."""

    target_kind = "page"
    governed_kind = "sida"
    owner_users_field = "page_owner_users"

    def get_public_url(self) -> str:
        return self.get_url() or ""

    def get_admin_edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.pk])

    @property
    def owner_role_text(self) -> str:
        return self.page_owner or _group_name(self)

    def get_kind_label(self) -> str:
        return str(capfirst(self._meta.verbose_name))

    def get_review_interval_key(self) -> str:
        return "process"

    def get_governed_page_ids(self) -> list[int]:
        return [self.pk]


class GovernedDocumentMixin(GovernedMixin):
    """GovernedDocument's side of the contract."""

    target_kind = "document"
    governed_kind = "dokument"
    owner_users_field = "owner_users"

    def get_public_url(self) -> str:
        return self.get_absolute_url()

    def get_admin_edit_url(self) -> str:
        return reverse("wagtailsnippets_ledning_governeddocument:edit", args=[self.pk])

    @property
    def owner_role_text(self) -> str:
        return self.owner or _group_name(self)

    def get_kind_label(self) -> str:
        return str(self.get_document_type_display())

    def get_review_interval_key(self) -> str:
        return self.document_type

    def get_listing_pages(self, viewer: Viewer | None = None) -> list[Page]:
        """Live process pages that list or link to the document, in tree order; with a viewer,
        only those the person may view."""
        return list(self.listing_pages(viewer))

    def listing_pages(self, viewer: Viewer | None = None) -> QuerySet:
        """get_listing_pages() as a queryset (for a page of them). Wagtail's reference index
        records every chooser reference in StreamFields; its object ids are text."""
        references = ReferenceIndex.get_references_to(self).filter(
            base_content_type=ContentType.objects.get_for_model(Page)
        )
        process_page = apps.get_model("ledning", "ProcessPage")
        page_ids = references.annotate(page_id=Cast("object_id", models.IntegerField()))
        return process_page.objects.filter(
            (viewer or Viewer()).page_filter(), pk__in=page_ids.values("page_id")
        ).order_by("path")

    def get_responsible_users(self) -> list[Any]:
        owners = self.get_owner_users()
        if owners:
            return owners
        users: dict[int, Any] = {}
        for page in self.get_listing_pages():
            for user in page.get_owner_users():
                users.setdefault(user.pk, user)
        return list(users.values())


def as_governed(obj: Any) -> Governed | None:
    """obj as governed content (a plain Page of a process page becomes the ProcessPage), or
    None when it is something else."""
    if isinstance(obj, GovernedMixin):
        return obj
    model = obj.specific_class if isinstance(obj, Page) else None
    if model is not None and issubclass(model, GovernedMixin):
        return obj.specific
    return None


def is_governed(obj: Any) -> bool:
    return as_governed(obj) is not None


def document_url(
    key: str, *, file: bool = False, version: int | None = None, api: bool = False
) -> str:
    """A governed document's permanent address (relative): its page, with ``file`` its file,
    with ``version`` an approved version's page (and file), with ``api`` the JSON list of its
    versions. Every link, e-mail, search entry and export builds them here, from the routes
    of ``ledning/urls.py`` wherever the site mounts them (``/ledningssystem/`` in this
    project)."""
    if api:
        return reverse("ledning:document_versions_api", kwargs={"key": key})
    kwargs: dict[str, Any] = {"key": key}
    name = "ledning:document"
    if version is not None:
        kwargs["number"] = version
        name += "_version"
    return reverse(name + ("_file" if file else ""), kwargs=kwargs)


def public_url(obj: Any) -> str:
    """Where staff read obj (relative, "" without an address): a governed object's public URL,
    any other page's URL."""
    governed = as_governed(obj)
    if governed is not None:
        return governed.get_public_url()
    return obj.get_url() or ""


def responsible_users(obj: Any) -> list[Any]:
    """Who answers for obj: a governed object's responsible users; for any other page, the
    owners of its nearest process page."""
    governed = as_governed(obj)
    if governed is not None:
        return governed.get_responsible_users()
    if isinstance(obj, Page):
        process_page = apps.get_model("ledning", "ProcessPage")
        nearest = process_page.objects.ancestor_of(obj).order_by("-depth").first()
        return nearest.get_owner_users() if nearest is not None else []
    return []


# --- records about a page or a document ------------------------------------------------------


def target_of(obj: Any) -> dict[str, Any]:
    """{"page": …, "document": …}: the foreign keys of a GovernedTarget naming obj (any page,
    or a governed document). The one place that tells the two apart."""
    if isinstance(obj, Page):
        return {"page": obj, "document": None}
    return {"page": None, "document": obj}


def target_filter(obj: Any, prefix: str = "") -> Q:
    """The records (GovernedTarget) about obj."""
    target = target_of(obj)
    if target["page"] is not None:
        return Q(**{f"{prefix}page_id": obj.pk})
    return Q(**{f"{prefix}document_id": obj.pk})


def _page_key(on_delete: Any) -> models.ForeignKey:
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sida"),
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name="+",
    )


def _document_key(on_delete: Any) -> models.ForeignKey:
    return models.ForeignKey(
        "ledning.GovernedDocument",
        verbose_name=_("styrande dokument"),
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name="+",
    )


class GovernedTarget(models.Model):
    """A record about a page or a governed document (a change-log entry, a proposal, a
    reminder …), keeping its title should the page or document be deleted.

    Exactly one of ``page`` and ``document`` is set while the object exists. A record that
    belongs to its object and goes with it derives from GovernedPart instead; a record without
    a title of its own sets ``title = None``."""

    page = _page_key(models.SET_NULL)
    document = _document_key(models.SET_NULL)
    title = models.CharField(_("titel"), max_length=255)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @classmethod
    def about(cls, obj: Any) -> dict[str, Any]:
        """Keyword arguments naming obj on a new record: its key and its title."""
        fields = target_of(obj)
        if any(field.name == "title" for field in cls._meta.fields):
            fields["title"] = str(obj.title)[:255]
        return fields

    @classmethod
    def filter_for(cls, obj: Any, prefix: str = "") -> Q:
        return target_filter(obj, prefix)

    @property
    def target(self) -> Any:
        """The page (specific) or document, or None if it was deleted."""
        if self.page_id:
            return self.page.specific
        return self.document

    @property
    def target_url(self) -> str:
        """Where staff read the page or document (relative), or "" if it is gone."""
        target = self.target
        return public_url(target) if target is not None else ""


class GovernedPart(GovernedTarget):
    """A record that belongs to its page or governed document and is deleted with it."""

    page = _page_key(models.CASCADE)
    document = _document_key(models.CASCADE)

    class Meta:
        abstract = True
