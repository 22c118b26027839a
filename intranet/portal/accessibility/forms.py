"""The statement's feedback form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    MAX_MESSAGE = 4000

    message = forms.CharField(
        label=_("Beskriv problemet"),
        help_text=_("Vad försökte du göra, och vad hindrade dig? Högst 4 000 tecken."),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Skriv vad som inte fungerar."),
            "max_length": _(
                "Synpunkten får vara högst %(limit_value)d tecken (den har %(show_value)d)."
            ),
        },
    )
    about_url = forms.CharField(
        label=_("Sida eller dokument det gäller (frivilligt)"),
        help_text=_("Klistra in adressen eller skriv sidans namn."),
        max_length=500,
        required=False,
        error_messages={
            "max_length": _("Högst %(limit_value)d tecken (du skrev %(show_value)d)."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Skriv vad som inte fungerar."))
        return message
