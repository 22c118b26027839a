"""The admin form of a process map: the upload is parsed before anything is stored, and each
hand-made link must name a step that is in the map."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from .errors import ProcessMapError
from .graph import normalize_label
from .upload import prepare_upload


class ProcessMapForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = self.instance.step_labels if self.instance.pk else []
        formset = self.formsets.get("node_links") if hasattr(self, "formsets") else None
        if labels and formset is not None:
            # Choose the step from the map instead of typing its text.
            base = formset.form

            class ChooseStepForm(base):
                def __init__(self, *args, **kwargs):
                    super().__init__(*args, **kwargs)
                    current = self.initial.get("node_label") or ""
                    choices = [("", "—"), *[(label, label) for label in labels]]
                    if current and current not in labels:
                        choices.append((current, current))
                    self.fields["node_label"].widget = forms.Select(choices=choices)

            formset.form = ChooseStepForm

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            try:
                self.instance._prepared = prepare_upload(upload)
            except ProcessMapError as error:
                raise forms.ValidationError(error.message, code=error.code) from error
        return upload

    def clean(self):
        cleaned = super().clean()
        graph = self.instance.parsed_graph()
        formset = self.formsets.get("node_links") if hasattr(self, "formsets") else None
        if graph is None or formset is None:
            return cleaned
        known = {normalize_label(node.text) for node in graph.steps}
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            label = form.cleaned_data.get("node_label") or ""
            if label and normalize_label(label) not in known:
                form.add_error(
                    "node_label",
                    _("Det finns inget steg med texten ”%(label)s” i kartan.") % {"label": label},
                )
        return cleaned
