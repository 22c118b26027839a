"""/media/: the files people uploaded, each only through a check of who may see it.

Nothing under MEDIA_ROOT (or in the bucket) is served as a plain file:

- governed and other documents (``documents/…``) only through Wagtail's document view
  (/documents/<id>/<name>), which applies collection privacy; here they are "not found";
- original images and their renditions are mapped back to their Image and served when the
  image's collection is open to the person (intranet/ledning/visibility.py), else 403;
- a process map's GraphML file only to people who may use the admin, as a download;
- any other path is "not found".

Raster images are served inline; anything else (an SVG, a file that is not an image we render)
as a download, with ``X-Content-Type-Options: nosniff`` and a policy that runs nothing."""

from __future__ import annotations

import mimetypes
import posixpath
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model

from intranet.ledning import visibility
from intranet.ledning.models import ProcessMap

# Types a browser renders as a picture and never runs: these alone are shown inline.
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"})
PROCESS_MAP_PREFIX = "processkartor/"


def clean_name(path: str) -> str:
    """The storage name for a requested path, or Http404 for anything that leaves the media
    root or is not a plain relative name."""
    if "\x00" in path or "\\" in path:
        raise Http404
    name = posixpath.normpath(path).lstrip("/")
    if name in {"", "."} or name.startswith("..") or name != path.lstrip("/"):
        raise Http404
    return name


def image_for(name: str) -> Any | None:
    """The image whose original or rendition is stored under this name."""
    image_model = get_image_model()
    image = image_model.objects.filter(file=name).select_related("collection").first()
    if image is not None:
        return image
    rendition = (
        image_model.get_rendition_model()
        .objects.filter(file=name)
        .select_related("image__collection")
        .first()
    )
    return rendition.image if rendition is not None else None


def file_response(name: str, *, download: bool = False) -> FileResponse:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES and not download
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=posixpath.basename(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, max_age=3600)
    return response


@require_safe
def serve(request: HttpRequest, path: str) -> FileResponse:
    name = clean_name(path)
    image = image_for(name)
    if image is not None:
        if not visibility.viewer(request).may_view_file(image):
            raise PermissionDenied("restricted image")
        return file_response(name)
    if (
        name.startswith(PROCESS_MAP_PREFIX)
        and request.user.has_perm("wagtailadmin.access_admin")
        and ProcessMap.objects.filter(file=name).exists()
    ):
        return file_response(name, download=True)
    raise Http404
