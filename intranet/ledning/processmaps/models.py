"""Process maps drawn in yEd: a snippet holding the GraphML file, its cached SVG, and the links
from its steps to pages and governed documents."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin
from wagtail.search import index

from ..governed import GovernedTarget
from ..models.approval import ApprovalMetadata
from .errors import ProcessMapError
from .forms import ProcessMapForm
from .graph import Graph
from .parser import read_upload
from .upload import PreparedMap, prepare_bytes


class ProcessMap(PreviewableMixin, ApprovalMetadata, index.Indexed, ClusterableModel):
    """A process map uploaded as a yEd GraphML file (seed 000: "Vägledning i att skapa
    processkartor i yEd"). It is parsed and rendered to SVG when the file changes, never on a
    page view; an invalid file is refused with a message and nothing is stored."""

    title = models.CharField(_("titel"), max_length=255)
    file = models.FileField(
        _("yEd-fil (GraphML)"),
        upload_to="processkartor/",
        max_length=255,
        validators=[FileExtensionValidator(["graphml"], message=_("Välj en .graphml-fil."))],
        help_text=_("Kartan sparad i yEd som GraphML (.graphml)."),
    )
    owner = models.CharField(
        _("ansvarig"),
        max_length=255,
        blank=True,
        help_text=_("Rollen som ansvarar för kartan, t.ex. processägaren."),
    )
    description = models.TextField(_("beskrivning"), blank=True)

    # The cache: rebuilt only when the file's content changes (prepare()).
    file_hash = models.CharField(max_length=64, blank=True, editable=False)
    graph = models.JSONField(default=dict, blank=True, editable=False)
    svg = models.TextField(blank=True, editable=False)
    rendered_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    base_form_class = ProcessMapForm
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                # The field's own name starts with "yEd", which the form would capitalise.
                FieldPanel("file", heading=_("Fil från yEd (GraphML)")),
                FieldPanel("owner"),
                FieldPanel("description"),
            ],
            heading=_("Processkarta"),
        ),
        InlinePanel(
            "node_links",
            heading=_("Länkar från stegen"),
            label=_("Länk"),
            help_text=_(
                "Steg vars text är samma som titeln på ett dokument eller en sida i processen "
                "länkas automatiskt. Här länkar du resten för hand."
            ),
        ),
        *ApprovalMetadata.approval_panels,
    ]

    # The admin's list and the block's chooser search these (autocomplete: partial words).
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("owner"),
        index.AutocompleteField("owner"),
        index.SearchField("description"),
    ]

    class Meta:
        verbose_name = _("processkarta")
        verbose_name_plural = _("processkartor")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_preview_template(self, request, mode_name):
        """The admin's preview: the map as staff will see it, with its hand-made links."""
        return "ledning/processmaps/preview_page.html"

    def clean(self) -> None:
        super().clean()
        if not self.file:
            return
        try:
            self.prepare()
        except ProcessMapError as error:
            raise ValidationError({"file": error.message}, code=error.code) from error

    def save(self, *args, **kwargs):
        if self.file and (not getattr(self.file, "_committed", True) or not self.svg):
            self.prepare()
        super().save(*args, **kwargs)
        # The parsed upload belongs to this save; a later change reads the file again.
        self.__dict__.pop("_prepared", None)

    def prepare(self) -> bool:
        """Bring the cached graph and SVG up to date with the file (raises ProcessMapError).
        Returns whether they were rebuilt: a file with the same content as the cached one is
        not parsed again. The admin form leaves the upload it parsed in ``_prepared``."""
        prepared: PreparedMap | None = getattr(self, "_prepared", None)
        if prepared is None:
            fieldfile = self.file
            fieldfile.open("rb")
            try:
                data = read_upload(fieldfile)
            finally:
                if getattr(fieldfile, "_committed", True):
                    fieldfile.close()
                else:
                    fieldfile.seek(0)
            digest = hashlib.sha256(data).hexdigest()
            if digest == self.file_hash and self.svg:
                return False
            prepared = prepare_bytes(data)
            self._prepared = prepared
        if prepared.file_hash == self.file_hash and self.svg:
            return False
        self.file_hash = prepared.file_hash
        self.graph = prepared.graph.to_dict()
        self.svg = prepared.svg
        self.rendered_at = timezone.now()
        return True

    def parsed_graph(self) -> Graph | None:
        """The map's graph: the upload just parsed, else the cached one (read once)."""
        prepared = getattr(self, "_prepared", None)
        if prepared is not None:
            return prepared.graph
        if not self.graph:
            return None
        cached = getattr(self, "_graph_cache", None)
        if cached is None or cached[0] != self.file_hash:
            cached = (self.file_hash, Graph.from_dict(self.graph))
            self._graph_cache = cached
        return cached[1]

    @property
    def step_labels(self) -> list[str]:
        """The texts of the map's steps, for choosing them in the admin."""
        graph = self.parsed_graph()
        if graph is None:
            return []
        labels = []
        for node in graph.steps:
            text = " ".join(node.text.split())
            if text and text not in labels:
                labels.append(text)
        return labels


class ProcessMapLink(GovernedTarget, Orderable):
    """A step in a map linked by hand to a page or a governed document (the link is dropped,
    not the step, when its target is deleted). The step is named by its text, which survives
    yEd renumbering its nodes when the map is saved again."""

    process_map = ParentalKey(ProcessMap, related_name="node_links", on_delete=models.CASCADE)
    node_label = models.CharField(
        _("steg"),
        max_length=500,
        help_text=_("Stegets text som den står i kartan."),
    )
    title = None  # the step's text names it

    panels = [
        FieldPanel("node_label"),
        FieldRowPanel([FieldPanel("page"), FieldPanel("document")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("länk från ett steg")
        verbose_name_plural = _("länkar från steg")

    def __str__(self) -> str:
        return self.node_label

    def clean(self) -> None:
        super().clean()
        if bool(self.page_id) == bool(self.document_id):
            raise ValidationError(
                _("Välj antingen en sida eller ett styrande dokument för steget ”%(step)s”.")
                % {"step": self.node_label}
            )
