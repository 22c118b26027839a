"""Post a Wagtail admin edit form the way the admin's browser does.

The plain fields come from the edit page's HTML as the browser would submit them. A StreamField
is drawn by the admin's JavaScript from the state in the page (``data-w-block-arguments-value``);
the JavaScript turns that state into form fields named ``body-0-type``, ``body-0-value-…``,
``body-count`` and so on. ``block_form_data`` does the same from the same state, so a test can
change the state as an editor would (add an item to a list, choose another document) and post it.
Nothing here writes stored (database) shapes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup
from django.http import QueryDict
from wagtail import blocks
from wagtail.test.utils.form_data import querydict_from_html


def _chooser_id(state: Any) -> str:
    if state is None or state == "":
        return ""
    if isinstance(state, dict):
        return str(state.get("id") or "")
    return str(state)


def block_form_data(block: blocks.Block, state: Any, prefix: str) -> dict[str, str]:
    """The form fields the admin's JavaScript submits for ``block`` holding ``state``."""
    data: dict[str, str] = {}
    if isinstance(block, blocks.BaseStreamBlock):
        items = list(state or [])
        data[f"{prefix}-count"] = str(len(items))
        for index, child in enumerate(items):
            data[f"{prefix}-{index}-type"] = child["type"]
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            data[f"{prefix}-{index}-id"] = child.get("id") or ""
            data.update(
                block_form_data(
                    block.child_blocks[child["type"]], child["value"], f"{prefix}-{index}-value"
                )
            )
    elif isinstance(block, blocks.ListBlock):
        items = list(state or [])
        data[f"{prefix}-count"] = str(len(items))
        for index, child in enumerate(items):
            # Old list states are bare values; the admin's are {"value", "id"}.
            value, child_id = (
                (child["value"], child.get("id"))
                if isinstance(child, dict) and "value" in child and set(child) <= {"value", "id"}
                else (child, None)
            )
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            data[f"{prefix}-{index}-id"] = child_id or ""
            data.update(block_form_data(block.child_block, value, f"{prefix}-{index}-value"))
    elif isinstance(block, blocks.BaseStructBlock):
        for name, child_block in block.child_blocks.items():
            data.update(block_form_data(child_block, (state or {}).get(name), f"{prefix}-{name}"))
    elif isinstance(block, blocks.ChooserBlock | blocks.PageChooserBlock):
        data[prefix] = _chooser_id(state)
    elif isinstance(block, blocks.BooleanBlock):
        if state:
            data[prefix] = "on"
    else:
        if isinstance(state, list | tuple):
            state = state[0] if state else ""
        data[prefix] = "" if state is None else str(state)
    return data


@dataclass
class AdminForm:
    """An admin edit form as the browser has it: plain fields and the StreamFields' states."""

    fields: QueryDict
    streams: dict[str, Any] = field(default_factory=dict)

    def data(self, model: type, **changes: Any) -> dict[str, Any]:
        """The POST data, with plain fields changed as given."""
        data: dict[str, Any] = {key: values for key, values in self.fields.lists()}
        data = {key: values[0] if len(values) == 1 else values for key, values in data.items()}
        for name, state in self.streams.items():
            stream_block = model._meta.get_field(name).stream_block
            data.update(block_form_data(stream_block, state, name))
        data.update(changes)
        return data


def read_edit_form(html: str, form_id: str | None = None) -> AdminForm:
    """The form in an admin edit page (the first form holding a StreamField, else the first
    form with the given id)."""
    soup = BeautifulSoup(html, "html.parser")
    if form_id is None:
        for candidate in soup.find_all("form"):
            if candidate.get("id") and candidate.find(attrs={"name": "title"}):
                form_id = candidate["id"]
                break
    fields = querydict_from_html(html, form_id=form_id)
    form = soup.find("form", attrs={"id": form_id})
    streams = {}
    for element in form.find_all(attrs={"data-w-block-arguments-value": True}):
        value, _errors = json.loads(element["data-w-block-arguments-value"])
        streams[element["id"]] = value
    return AdminForm(fields=fields, streams=streams)


def documents_list(state: list[dict], heading: str) -> list[dict]:
    """The items of the document list under ``heading`` in a body's state."""
    for child in state:
        if child["type"] == "documents" and child["value"]["heading"] == heading:
            return child["value"]["items"]
    raise LookupError(heading)


def chosen(document: Any) -> dict[str, Any]:
    """What a chooser's state holds after the editor picked ``document``."""
    return {"id": document.pk, "title": str(document)}


def new_item(document: Any) -> dict[str, Any]:
    """A document-list item the editor added and filled in (a new item has no id yet)."""
    return {"value": {"document": chosen(document), "children": []}, "id": None}


def submit_in_admin(client, page: Any, change_body=None, **fields: Any) -> Any:
    """As the logged-in editor: open the page in the admin's editor, change the body's state as
    the editor would (``change_body(state)``), fill in fields (a change of substance unless told
    otherwise) and submit it to the approval workflow. Returns the response."""
    from django.urls import reverse

    model = type(page)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = read_edit_form(client.get(url).content.decode())
    if change_body is not None:
        change_body(form.streams["body"])
    fields.setdefault("change_kind", "vikt")
    data = form.data(model, **fields)
    data["action-submit"] = "action-submit"
    response = client.post(url, data)
    if response.status_code != 302:
        raise AssertionError(form_errors(response))
    assert model.objects.get(pk=page.pk).current_workflow_task is not None
    return response


def form_errors(response) -> Any:
    """The edit form's errors, block errors included (for a failing test's message)."""
    if not response.context or "form" not in response.context:
        return response
    errors = {}
    for name, error_list in response.context["form"].errors.as_data().items():
        errors[name] = [
            error.as_json_data() if hasattr(error, "as_json_data") else error.messages
            for error in error_list
        ]
    return errors
