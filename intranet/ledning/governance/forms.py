"""Governance's forms: the staff's change proposals, the approver's "Fastställ" and the
owner's *Granskad utan ändring*."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm

from .. import conf
from ..models.approval import ChangeKind
from ..models.workplaces import Workplace


def read_confirmation_due() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=int(conf.get("READ_CONFIRMATION_DAYS")))


READ_FIELDS = (
    "read_confirmation",
    "read_workplaces",
    "read_subworkplaces",
    "read_groups",
    "read_people",
    "read_due_on",
)


def read_confirmation_choice(data: dict) -> dict:
    """The läskvittens of an approval's cleaned form data, as stored with the approval
    ({} when none was asked for)."""
    if not data.get("read_confirmation"):
        return {}
    due_on = data.get("read_due_on") or read_confirmation_due()
    return {
        "workplaces": _ids(data.get("read_workplaces")),
        "subworkplaces": bool(data.get("read_subworkplaces")),
        "groups": _ids(data.get("read_groups")),
        "users": _ids(data.get("read_people")),
        # A date from the form, or its ISO text when the admin's approval dialog has sent the
        # form's data on as JSON (workflow-action-extra-data).
        "due_on": due_on if isinstance(due_on, str) else due_on.isoformat(),
    }


def _ids(values) -> list[int]:
    """Primary keys, from model instances or from the keys themselves (JSON)."""
    return sorted(int(getattr(value, "pk", value)) for value in values or [])


class ApprovalActionForm(TaskStateCommentForm):
    """The approving manager's form for "Fastställ": the role to approve as (one of the
    approver's own, checked when the approval is recorded), an optional comment, and
    whether staff must confirm they have read the change (läskvittens: from whom, by when;
    stored with the approval and opened when the change goes live, readconfirm/)."""

    role = forms.CharField(label=_("Fastställ som"), required=False, max_length=255)
    read_confirmation = forms.BooleanField(label=_("Begär läskvittens"), required=False)
    read_workplaces = forms.ModelMultipleChoiceField(
        label=_("Arbetsplatser"),
        queryset=Workplace.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    read_subworkplaces = forms.BooleanField(
        label=_("Även underliggande arbetsplatser"), required=False, initial=True
    )
    read_groups = forms.ModelMultipleChoiceField(
        label=_("Grupper"),
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    read_people = forms.CharField(
        label=_("Namngivna personer"),
        required=False,
        max_length=5000,
        help_text=_("Användarnamn eller e-postadresser, åtskilda med kommatecken."),
    )
    read_due_on = forms.DateField(
        label=_("Bekräftas senast"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["read_due_on"].initial = read_confirmation_due()

    # Keys, not querysets: the admin's approval dialog sends the cleaned data back to the
    # browser as JSON, which then posts it with the edit form (workflow-action-extra-data).
    def clean_read_workplaces(self) -> list[int]:
        return _ids(self.cleaned_data["read_workplaces"])

    def clean_read_groups(self) -> list[int]:
        return _ids(self.cleaned_data["read_groups"])

    def clean_read_people(self) -> list[int]:
        names = [name.strip() for name in self.cleaned_data["read_people"].split(",")]
        names = [name for name in names if name]
        if not names:
            return []
        users = get_user_model().objects.filter(
            Q(username__in=names) | Q(email__in=names), is_active=True
        )
        found = {user.username for user in users} | {user.email for user in users}
        missing = [name for name in names if name not in found]
        if missing:
            raise forms.ValidationError(
                _("Hittar ingen aktiv person med användarnamn eller e-post: %(names)s")
                % {"names": ", ".join(missing)}
            )
        return sorted(user.pk for user in users)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("read_confirmation"):
            return cleaned
        if not (
            cleaned.get("read_workplaces")
            or cleaned.get("read_groups")
            or cleaned.get("read_people")
        ):
            raise forms.ValidationError(
                _("Välj vilka som ska bekräfta: arbetsplatser, grupper eller namngivna personer.")
            )
        due_on = cleaned.get("read_due_on") or read_confirmation_due()
        if due_on <= timezone.localdate():
            self.add_error("read_due_on", _("Sista dag att bekräfta måste ligga efter i dag."))
        cleaned["read_due_on"] = due_on
        return cleaned


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
