"""How the admin shows the management system's values to editors (issue 16, item 4): people
by their names rather than their user names, report tables that wrap between words.

ledning/wagtail_hooks.py registers these; the empty-value and date templates the admin uses are
overridden in the project's templates (intranet/templates/wagtailadmin/)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail.admin.forms.models import register_form_field_override


def person_name(user: Any) -> str:
    """A user as people know them: "Erik Johansson (redaktor)", or the user name alone."""
    full_name = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    username = user.get_username()
    return f"{full_name} ({username})" if full_name else username


def _label(obj: Any) -> str:
    return person_name(obj) if isinstance(obj, get_user_model()) else str(obj)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _label(obj)


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _label(obj)


def register_person_fields() -> None:
    """Users chosen in an admin form (Sidansvariga personer, Dokumentansvariga, Föreslagen
    av …) are listed by name."""
    register_form_field_override(
        models.ForeignKey, to=get_user_model(), override={"form_class": PersonChoiceField}
    )
    register_form_field_override(
        models.ManyToManyField, override={"form_class": PersonMultipleChoiceField}
    )


def admin_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("ledning/css/admin.css"))
