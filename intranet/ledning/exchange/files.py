"""The files an import gives (a document's file, a process map's image or yEd file): what the
admin's upload would refuse in them, and their content hashes (an unchanged file is not stored
again)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import IO, Any

import willow
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.utils import get_allowed_image_extensions

from ..processmaps import selectors as processmaps


def _sha1(handle: IO[bytes]) -> str:
    digest = hashlib.sha1()
    for chunk in iter(lambda: handle.read(1 << 16), b""):
        digest.update(chunk)
    return digest.hexdigest()


def file_hash(path: Path) -> str:
    """SHA-1 of a file given for the import (Wagtail's file_hash is a SHA-1 too)."""
    with path.open("rb") as handle:
        return _sha1(handle)


def stored_file_hash(file_obj: Any) -> str:
    """SHA-1 of a Wagtail document's or image's file, from its metadata or its content."""
    if getattr(file_obj, "file_hash", ""):
        return file_obj.file_hash
    try:
        with file_obj.open_file() as handle:
            return _sha1(handle)
    except OSError:
        return ""


def document_extension_problem(path: Path) -> str | None:
    """Why the admin's document upload would refuse a file of this name (Wagtail checks the
    extension against WAGTAILDOCS_EXTENSIONS), or None."""
    allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    extension = path.suffix.lower().lstrip(".")
    if allowed and extension not in allowed:
        return _("filtypen .%s är inte tillåten för dokument") % extension
    return None


def image_problems(path: Path, relpath: str) -> list[str]:
    """Why the admin's image upload would refuse this file, in Swedish: the same field
    (Wagtail's WagtailImageField) checks the extension against WAGTAILIMAGES_EXTENSIONS, that
    the content is an image of that format, its size and its number of pixels. An SVG is
    refused unless the site allows SVG images: it may carry script."""
    field = WagtailImageField()
    with path.open("rb") as handle:
        try:
            field.clean(File(handle, name=path.name))
        except ValidationError as error:
            codes = {item.code for item in error.error_list}
        else:
            return []
    extension = path.suffix.lower().lstrip(".")
    allowed = ", ".join(sorted(ext.upper() for ext in get_allowed_image_extensions()))
    messages = []
    if codes & {"invalid_extension", "invalid_image_extension"}:
        messages.append(
            _("filtypen .%(extension)s är inte tillåten för bilder (tillåtna: %(allowed)s)")
            % {"extension": extension or "–", "allowed": allowed}
        )
    elif "invalid_image" in codes:
        messages.append(_("filen ”%s” är ingen bild som går att läsa") % relpath)
    elif "invalid_image_known_format" in codes:
        messages.append(
            _("filen ”%(path)s” har ändelsen .%(extension)s men innehållet är av typen %(format)s")
            % {"path": relpath, "extension": extension, "format": _image_format(path)}
        )
    elif "file_too_large" in codes:
        messages.append(
            _("bilden ”%(path)s” är större än %(limit)s")
            % {"path": relpath, "limit": field.max_upload_size_text}
        )
    elif "file_too_many_pixels" in codes:
        messages.append(
            _("bilden ”%(path)s” har fler än %(limit)s bildpunkter")
            % {"path": relpath, "limit": field.max_image_pixels}
        )
    else:
        messages.append(_("bilden ”%s” tas inte emot") % relpath)
    return messages


def _image_format(path: Path) -> str:
    """The image format the content has, as Wagtail's image library reads it ("SVG")."""
    try:
        with path.open("rb") as handle:
            return willow.Image.open(handle).format_name.upper()
    except Exception:  # any reader error: the format is not known
        return "?"


def graphml_problems(path: Path, relpath: str) -> list[str]:
    """Why a process map's GraphML file cannot be used: a document of another type, or what
    the hardened GraphML parser refuses (a DOCTYPE, entities, not GraphML, too large)."""
    if path.suffix.lower() != ".graphml":
        return [_("filen ”%s” ska vara en yEd-karta med ändelsen .graphml") % relpath]
    extension_problem = document_extension_problem(path)
    if extension_problem:
        return [extension_problem]
    reason = processmaps.graphml_refusal(path.read_bytes())
    if reason:
        return [
            _("kartan ”%(path)s” kan inte tas emot: %(reason)s")
            % {"path": relpath, "reason": reason}
        ]
    return []


def file_problems(kind: str, path: Path, relpath: str) -> list[str]:
    """What the admin would refuse in a file given for a document's `file`, a process map's
    `image` or its `graphml`. A document's yEd file is a process map too (a process_map block
    may draw it): it passes the same hardened parser as a map uploaded in the admin."""
    if kind == "image":
        return image_problems(path, relpath)
    if kind == "graphml" or path.suffix.lower() == ".graphml":
        return graphml_problems(path, relpath)
    problem = document_extension_problem(path)
    return [problem] if problem else []
