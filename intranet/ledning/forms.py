"""Forms: the editor's statement about a change (admin) and the staff's change proposals."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from .models.approval import ChangeKind


class ChangeStatementMixin:
    """The editor states the kind of every change to published content and, for a change of
    substance, what changed. (Something new — never published — needs no statement: putting an
    already approved document into the management system is not a change of it.)

    The statement belongs to the change being made: when the object has no unsaved draft, the
    form starts empty instead of repeating the statement of the change published last."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("change_kind")
        if field is None:
            return
        instance = self.instance
        field.required = bool(instance.pk and getattr(instance, "live", False))
        choices = ChangeKind.choices if field.required else [("", "—"), *ChangeKind.choices]
        field.choices = choices
        field.widget.choices = choices
        fresh = instance.pk is None or not getattr(instance, "has_unpublished_changes", False)
        if fresh and not self.is_bound:
            self.initial["change_kind"] = ""
            self.initial["change_note"] = ""

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("change_kind") == ChangeKind.SUBSTANCE
            and not (cleaned.get("change_note") or "").strip()
        ):
            self.add_error(
                "change_note",
                _("Beskriv vad som har ändrats: det är det som berörd personal får veta."),
            )
        return cleaned


class GovernedPageForm(ChangeStatementMixin, WagtailAdminPageForm):
    pass


class GovernedDocumentForm(ChangeStatementMixin, WagtailAdminModelForm):
    pass


class ProposalForm(forms.Form):
    """ "Föreslå ändring / påpeka fel" (seed 000: all staff propose improvements)."""

    text = forms.CharField(
        label=_("Ditt förslag eller felet du har hittat"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    kind = forms.ChoiceField(
        label=_("Vad gäller det?"),
        choices=[
            (
                ChangeKind.ADMINISTRATIVE,
                _("En administrativ ändring, t.ex. en länk som inte fungerar eller ett stavfel"),
            ),
            (
                ChangeKind.SUBSTANCE,
                _(
                    "En ändring av vikt, t.ex. ett ändrat arbetssätt eller nya uppgifter "
                    "för en roll"
                ),
            ),
        ],
        widget=forms.RadioSelect,
        initial=ChangeKind.ADMINISTRATIVE,
    )
