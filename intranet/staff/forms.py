"""Min sida's forms. Each only offers and accepts the choices that belong to the person (the
catalogue and the workplace tree are shared; shortcuts and bookmarks are looked up by owner in
services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from intranet.ledning.models import Workplace

from .models import Notifications, Tool
from .models.shortcuts import web_url_validator


class WorkplacesForm(forms.Form):
    workplaces = forms.ModelMultipleChoiceField(
        label=_("Mina arbetsplatser"),
        queryset=Workplace.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AddToolForm(forms.Form):
    tool = forms.ModelChoiceField(
        label=_("Verktyg"),
        queryset=Tool.objects.all(),
        empty_label=_("Välj ett verktyg"),
        error_messages={"required": _("Välj ett verktyg att lägga till.")},
    )


class PersonalLinkForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=120,
        error_messages={"required": _("Ge länken ett namn.")},
    )
    url = forms.CharField(
        label=_("Adress"),
        max_length=500,
        validators=[web_url_validator],
        help_text=_("Börjar med https:// eller http://"),
        error_messages={"required": _("Ange länkens adress.")},
    )

    def clean_url(self) -> str:
        return self.cleaned_data["url"].strip()


class ShortcutForm(forms.Form):
    """Which of the person's shortcuts (its id, or the tool's id for a default shortcut) and,
    for a move, which way."""

    shortcut = forms.IntegerField(required=False, min_value=1)
    tool = forms.IntegerField(required=False, min_value=1)
    direction = forms.ChoiceField(required=False, choices=[("up", _("upp")), ("down", _("ner"))])

    def clean(self):
        data = super().clean()
        if not data.get("shortcut") and not data.get("tool"):
            raise forms.ValidationError(_("Ingen genväg är vald."))
        return data


class NotificationsForm(forms.Form):
    notifications = forms.ChoiceField(
        label=_("E-post när något som berör dig ändras"),
        choices=Notifications.choices,
        widget=forms.RadioSelect,
    )


class PageForm(forms.Form):
    """The page a star or a "Ta bort" button is about."""

    page = forms.IntegerField(min_value=1)
    next = forms.CharField(required=False, max_length=2000)
