from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

web_url_validator = URLValidator(
    schemes=["http", "https"],
    message=_("Ange en webbadress som börjar med http:// eller https://."),
)


class Tool(index.Indexed, models.Model):
    """A tool in the catalogue administrators keep (HR-web, Stratsys, Raindance …) that staff
    can pick as shortcuts; some are shortcuts by default for certain workplaces."""

    name = models.CharField(_("namn"), max_length=120)
    url = models.CharField(_("adress"), max_length=500, validators=[web_url_validator])
    description = models.CharField(_("beskrivning"), max_length=255, blank=True)
    default_for_everyone = models.BooleanField(
        _("standard för alla"),
        default=False,
        help_text=_("Verktyget är en genväg för alla som inte har valt egna genvägar."),
    )
    default_workplaces = models.ManyToManyField(
        "ledning.Workplace",
        verbose_name=_("standard för arbetsplatser"),
        blank=True,
        related_name="default_tools",
        help_text=_(
            "Verktyget är en genväg för den som arbetar här (eller i en underliggande "
            "arbetsplats) och inte har valt egna genvägar."
        ),
    )
    sort_order = models.IntegerField(_("ordning"), default=0, editable=False, db_index=True)

    sort_order_field = "sort_order"

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("default_for_everyone")]), FieldPanel("default_workplaces")],
            heading=_("Standardgenväg"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
    ]

    class Meta:
        verbose_name = _("verktyg")
        verbose_name_plural = _("verktyg")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Shortcut(models.Model):
    """One of a person's shortcuts, in their order: a tool from the catalogue or a personal
    link (name and address)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="staff_shortcuts",
    )
    tool = models.ForeignKey(
        Tool,
        verbose_name=_("verktyg"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shortcuts",
    )
    name = models.CharField(_("namn"), max_length=120, blank=True)
    url = models.CharField(_("adress"), max_length=500, blank=True, validators=[web_url_validator])
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("genväg")
        verbose_name_plural = _("genvägar")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "tool"],
                condition=Q(tool__isnull=False),
                name="staff_shortcut_unique_tool",
            ),
            models.CheckConstraint(
                condition=Q(tool__isnull=False) | (~Q(name="") & ~Q(url="")),
                name="staff_shortcut_tool_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.tool.name if self.tool_id else self.name

    @property
    def href(self) -> str:
        return self.tool.url if self.tool_id else self.url

    @property
    def description(self) -> str:
        return self.tool.description if self.tool_id else ""

    @property
    def is_personal(self) -> bool:
        return self.tool_id is None
