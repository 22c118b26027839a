"""Governance's forms: the staff's change proposals, the approver's "Fastställ" and the
owner's *Granskad utan ändring*."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm

from ..models.approval import ChangeKind


class ApprovalActionForm(TaskStateCommentForm):
    """The approving manager's form for "Fastställ": the role to approve as (one of the
    approver's own, checked when the approval is recorded) and an optional comment."""

    role = forms.CharField(label=_("Fastställ som"), required=False, max_length=255)


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


class ReviewForm(forms.Form):
    """*Granskad utan ändring*: an optional note for the change log."""

    note = forms.CharField(
        label=_("Kommentar (valfri)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("T.ex. vad som gicks igenom. Syns i ändringsloggen."),
    )
