"""Forms: the editor's statement about a change (admin). Governance's forms (proposals, the
approval's role) are in governance/forms.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from .models.approval import ChangeKind
from .models.routing import taken_address, taken_address_message


class ChangeStatementMixin:
    """The editor states the kind of every change to published content and, for a change of
    substance, what changed. Content that is not published (a new process page or governed
    document) is a change of substance by definition: it is approved before staff see it, so
    the kind is fixed to "Ändring av vikt" there.

    The statement belongs to the change being made: when the object has no unsaved draft, the
    form starts empty instead of repeating the statement of the change published last."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("change_kind")
        if field is None:
            return
        instance = self.instance
        self.publishes_new_content = not (instance.pk and getattr(instance, "live", False))
        fresh = instance.pk is None or not getattr(instance, "has_unpublished_changes", False)
        if self.publishes_new_content:
            choices = [(ChangeKind.SUBSTANCE.value, ChangeKind.SUBSTANCE.label)]
            field.required = False
            field.help_text = _(
                "Nytt innehåll (och innehåll som inte är publicerat) är alltid en ändring av "
                "vikt: det fastställs innan personalen ser det."
            )
            self.initial["change_kind"] = ChangeKind.SUBSTANCE
        else:
            choices = ChangeKind.choices
            field.required = True
            if fresh and not self.is_bound:
                self.initial["change_kind"] = ""
        field.choices = choices
        field.widget.choices = choices
        if fresh and not self.is_bound:
            self.initial["change_note"] = ""

    def clean(self):
        cleaned = super().clean()
        if "change_kind" not in self.fields:
            return cleaned
        if self.publishes_new_content:
            cleaned["change_kind"] = ChangeKind.SUBSTANCE
        elif (
            cleaned.get("change_kind") == ChangeKind.SUBSTANCE
            and not (cleaned.get("change_note") or "").strip()
        ):
            self.add_error(
                "change_note",
                _("Beskriv vad som har ändrats: det är det som berörd personal får veta."),
            )
        return cleaned


class PageAddressForm(WagtailAdminPageForm):
    """The page forms of the management system: a slug whose address another route of the
    site takes is refused beside the slug field."""

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        address = taken_address(self.parent_page, slug) if slug else ""
        if address:
            self.add_error("slug", taken_address_message(address))
        return cleaned_data


class GovernedPageForm(ChangeStatementMixin, PageAddressForm):
    pass


class GovernedDocumentForm(ChangeStatementMixin, WagtailAdminModelForm):
    def clean(self):
        """A document added in the admin comes with its file or its address. One without
        either exists only through the import (listed before its file exists) and may be
        edited while its file is still missing."""
        cleaned = super().clean()
        if (
            self.instance.pk is None
            and not cleaned.get("file")
            and not cleaned.get("url")
            and not self.has_error("file")
            and not self.has_error("url")
        ):
            self.add_error("file", _("Välj en fil eller ange en extern adress för dokumentet."))
        return cleaned
