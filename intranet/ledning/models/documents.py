from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from .. import contract
from ..collation import SORT_TEXT_LENGTH, swedish_initial, swedish_sort_key, swedish_sort_text
from ..forms import GovernedDocumentForm
from ..governed import GovernedDocumentMixin, document_url, owner_group_key
from ..stamps import CacheStamp
from ..visibility import Viewer
from .approval import ApprovalMetadata, ChangeTracking
from .workplaces import key_validator

#: The stamp under which the document index pages' counts are cached (selectors.document_index):
#: dropped whenever a governed document, its tags or a document file changes.
COUNTS_STAMP = CacheStamp("ledning:document-counts:stamp")


def document_counts_stamp() -> str:
    """The current stamp of the documents' counts (a new one after every change)."""
    return COUNTS_STAMP.current()


def forget_document_counts() -> None:
    """Counts cached so far are out of date (stamps.py: now and when the transaction commits)."""
    COUNTS_STAMP.drop()


class DocumentType(models.TextChoices):
    """The kinds of governed document (seed 000: riktlinjer, rutiner, checklistor, information)."""

    RIKTLINJE = "riktlinje", _("Riktlinje")
    RUTIN = "rutin", _("Rutin")
    BLANKETT = "blankett", _("Blankett, mall eller checklista")
    INFORMATIONSMATERIAL = "informationsmaterial", _("Broschyr eller informationsmaterial")


class GovernedDocumentTag(TaggedItemBase):
    content_object = ParentalKey(
        "ledning.GovernedDocument", related_name="tagged_items", on_delete=models.CASCADE
    )

    @staticmethod
    def tags_for_document_types(
        document_types: Sequence[str], viewer: Viewer | None = None
    ) -> list[Tag]:
        """Tags used by live documents of these types, with counts (`document_count`), in
        Swedish order; with a viewer, only tags and counts of the documents the person may view
        (visibility.py)."""
        prefix = "ledning_governeddocumenttag_items__content_object__"
        shown = (viewer or Viewer()).document_filter(prefix) & Q(
            **{f"{prefix}document_type__in": list(document_types)}
        )
        tags = (
            Tag.objects.filter(shown)
            .annotate(
                document_count=Count(
                    "ledning_governeddocumenttag_items", filter=shown, distinct=True
                )
            )
            .order_by()
        )
        return sorted(tags, key=lambda tag: swedish_sort_key(tag.name))


class GovernedDocumentQuerySet(models.QuerySet):
    def live(self) -> GovernedDocumentQuerySet:
        return self.filter(live=True)

    def for_listing(self) -> GovernedDocumentQuerySet:
        """Everything a list of documents shows, in one query."""
        return self.select_related("file")

    def in_swedish_order(self) -> GovernedDocumentQuerySet:
        """A–Ö in Swedish order, done by the database (the stored sort text), so that a list of
        any length can be paged there."""
        return self.order_by("title_sort", "title", "pk")

    def bulk_create(self, objs, *args, **kwargs):
        # The import's bulk path and the factories' bulk path skip save(): fill the sort text.
        objs = list(objs)
        for obj in objs:
            obj.fill_sort_fields()
        created = super().bulk_create(objs, *args, **kwargs)
        forget_document_counts()
        return created

    def update(self, **kwargs):
        # Set-based writes send no post_save: the lists' counts must hear of them here.
        updated = super().update(**kwargs)
        forget_document_counts()
        return updated

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "title" in fields:
            for obj in objs:
                obj.fill_sort_fields()
            fields = [*fields, *SORT_FIELDS]
        return super().bulk_update(objs, fields, *args, **kwargs)


SORT_FIELDS = ("title_sort", "title_initial")


class GovernedDocument(
    GovernedDocumentMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    ChangeTracking,
    ApprovalMetadata,
    index.Indexed,
    ClusterableModel,
):
    """A governed document (styrande dokument): a riktlinje, rutin, blankett or information
    material with the approval metadata of its header. It is a snippet with revisions, draft
    state, locking and workflows (changes of substance are approved through one); one document
    can be listed on many process pages."""

    key = models.CharField(
        _("nyckel"),
        max_length=100,
        unique=True,
        validators=[key_validator],
        help_text=_("Fast nyckel för import och export, t.ex. rutin-nyckelhantering."),
    )
    document_type = models.CharField(
        _("dokumenttyp"), max_length=32, choices=DocumentType.choices, db_index=True
    )
    title = models.CharField(_("titel"), max_length=255)
    # Derived from the title on every save (collation.py), so that the database sorts, pages
    # and groups document index pages A–Ö.
    title_sort = models.CharField(
        _("sorteringsnyckel"), max_length=SORT_TEXT_LENGTH, blank=True, editable=False
    )
    title_initial = models.CharField(
        _("begynnelsebokstav"), max_length=8, blank=True, editable=False
    )
    summary = models.TextField(_("sammanfattning"), blank=True)
    file = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("fil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(
        _("extern adress"),
        max_length=500,
        blank=True,
        help_text=_("Används i stället för en fil när dokumentet finns på en annan webbplats."),
    )
    author = models.CharField(_("författare"), max_length=255, blank=True)
    owner = models.CharField(_("dokumentansvarig"), max_length=255, blank=True)
    owner_users = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        verbose_name=_("dokumentansvariga personer"),
        related_name="owned_governed_documents",
        help_text=_(
            "Får påminnelser när dokumentet ska granskas och förslag om ändringar av vikt."
        ),
    )
    owner_group = owner_group_key()
    tags = ClusterTaggableManager(through=GovernedDocumentTag, blank=True, verbose_name=_("taggar"))
    workplaces = ParentalManyToManyField(
        "ledning.Workplace",
        blank=True,
        verbose_name=_("berörda arbetsplatser"),
        related_name="governed_documents",
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="governed_document")

    objects = GovernedDocumentQuerySet.as_manager()

    base_form_class = GovernedDocumentForm
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("document_type"), FieldPanel("key")]),
                FieldPanel("summary"),
            ],
            heading=_("Dokument"),
        ),
        MultiFieldPanel(
            [FieldPanel("file"), FieldPanel("url")],
            heading=_("Fil eller extern adress"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("author"), FieldPanel("owner")]),
                FieldPanel("owner_users"),
                FieldPanel("owner_group"),
                FieldPanel("review_interval_months"),
            ],
            heading=_("Ansvar och granskning"),
        ),
        *ApprovalMetadata.approval_panels,
        *ChangeTracking.change_panels,
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("workplaces")],
            heading=_("Taggar och arbetsplatser"),
        ),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.SearchField("author"),
        index.SearchField("owner"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("document_type"),
        index.FilterField("live"),
        index.AutocompleteField("key"),
        index.FilterField("key"),
        # The text inside the attached file, from whoever provides it (hook ledning_file_text).
        index.SearchField("search_file_text"),
    ]

    class Meta:
        verbose_name = _("styrande dokument")
        verbose_name_plural = _("styrande dokument")
        ordering = ["title"]
        indexes = [
            models.Index(fields=["document_type", "title_sort"], name="ledning_gdoc_type_sort_idx"),
            models.Index(
                fields=["document_type", "title_initial", "title_sort"],
                name="ledning_gdoc_type_letter_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def fill_sort_fields(self) -> None:
        self.title_sort = swedish_sort_text(self.title or "")
        self.title_initial = swedish_initial(self.title or "")

    def save(self, *args, **kwargs):
        self.fill_sort_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, *SORT_FIELDS}
        super().save(*args, **kwargs)

    @property
    def revisions(self):
        return self._revisions

    @property
    def open_url(self) -> str:
        """Where "Öppna dokument" leads: the permanent address of the file in force (served
        behind the document's own checks) or the external URL."""
        if self.file_id:
            return document_url(self.key, file=True)
        return self.url

    @property
    def file_missing(self) -> bool:
        """Neither a file nor an external address yet: the document is listed, its file is
        still to come (staff see "Dokumentet saknas än", its owner is told)."""
        return not self.file_id and not self.url

    @property
    def file_extension(self) -> str:
        if self.file_id and self.file is not None:
            return self.file.file_extension.upper()
        return ""

    def search_kind(self) -> str:
        """The kind a search result shows: the document type (riktlinje, rutin, …)."""
        return self.document_type

    def search_file_text(self) -> str:
        """The text of the attached file, as the hook `ledning_file_text` reads it (the site's
        search app extracts it); empty without a file or such a hook."""
        if not self.file_id or self.file is None:
            return ""
        return contract.file_text(self.file)

    def get_view_restrictions(self):
        """The collection restrictions of the file (none without one), as a page has its own
        view restrictions: intranet/ledning/visibility.py applies both the same way."""
        if not self.file_id or self.file is None:
            return []
        return list(self.file.collection.get_view_restrictions())

    def get_absolute_url(self) -> str:
        return document_url(self.key)

    def clean(self) -> None:
        # A document may have neither a file nor an address yet (ledningssystem/1: it is
        # listed on its processes before the file exists; staff see "Dokumentet saknas än").
        super().clean()
        if self.file_id and self.url:
            raise ValidationError(
                {"url": _("Ange antingen en fil eller en extern adress, inte båda.")}
            )


class DocumentVersionQuerySet(models.QuerySet):
    def earlier(self) -> DocumentVersionQuerySet:
        """The versions no longer in force (superseded by a later approved version)."""
        return self.filter(in_force_to__isnull=False)

    def in_force_on(self, day: datetime.date) -> DocumentVersionQuerySet:
        """The version that applied on ``day`` (at its end, when a new one came that day)."""
        return self.filter(
            Q(in_force_to__isnull=True) | Q(in_force_to__gt=day), in_force_from__lte=day
        ).order_by("-number")


class DocumentVersion(models.Model):
    """One approved version of a governed document: what applied, from when to when, with the
    file and the change note it was approved with. The approval path writes these (a change of
    substance approved through the workflow closes the version in force and opens a new one);
    the version in force has no end date. Nobody edits them."""

    document = models.ForeignKey(
        GovernedDocument,
        verbose_name=_("dokument"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("sparad version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("titel"), max_length=255)
    file = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("fil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("extern adress"), max_length=500, blank=True)
    approved_by = models.CharField(_("fastställd av"), max_length=255, blank=True)
    approved_on = models.DateField(_("fastställd datum"), null=True, blank=True)
    in_force_from = models.DateField(_("gäller från"))
    in_force_to = models.DateField(
        _("ersatt"),
        null=True,
        blank=True,
        help_text=_("Dagen då nästa version började gälla; tomt för den gällande versionen."),
    )
    change_note = models.TextField(_("vad har ändrats"), blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version av styrande dokument")
        verbose_name_plural = _("versioner av styrande dokument")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="ledning_documentversion_number"
            )
        ]
        indexes = [
            models.Index(fields=["document", "in_force_from"], name="ledning_docversion_from_idx")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"

    def get_absolute_url(self) -> str:
        return document_url(self.document.key, version=self.number)

    @property
    def in_force(self) -> bool:
        return self.in_force_to is None

    @property
    def file_url(self) -> str:
        """Where this version's file is downloaded (behind the same checks as the document)."""
        if not self.file_id:
            return ""
        return document_url(self.document.key, version=self.number, file=True)

    @property
    def file_extension(self) -> str:
        if self.file_id and self.file is not None:
            return self.file.file_extension.upper()
        return ""
