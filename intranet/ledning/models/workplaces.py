from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

key_validator = RegexValidator(
    r"^[a-z0-9-]+$", _("Använd bara små bokstäver a–z, siffror och bindestreck.")
)


class Workplace(index.Indexed, models.Model):
    """A workplace (arbetsplats) in the organisation tree: förvaltning → avdelning → enhet.

    Pages and documents are tied to workplaces so that the staff working there are told about
    changes; staff pick their workplaces on Min sida."""

    key = models.CharField(_("nyckel"), max_length=100, unique=True, validators=[key_validator])
    name = models.CharField(_("namn"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ingår i"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    panels = [FieldPanel("name"), FieldPanel("key"), FieldPanel("parent")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.AutocompleteField("key"),
    ]

    class Meta:
        verbose_name = _("arbetsplats")
        verbose_name_plural = _("arbetsplatser")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        ancestor = self.parent
        seen = set()
        while ancestor is not None:
            if (ancestor.pk == self.pk and self.pk is not None) or ancestor.pk in seen:
                raise ValidationError({"parent": _("En arbetsplats kan inte ingå i sig själv.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
