"""Uploaded files in object storage are reached only through the app.

The bucket is private (no public ACL) and the site never hands out its addresses: a stored
file's URL is the app's own /media/<name>, where portal/media.py checks who may see the image
before streaming it from the bucket, and documents stream through Wagtail's document view
(WAGTAILDOCS_SERVE_METHOD = "serve_view"), which applies collection privacy. A signed link to
the bucket, once copied, would work for anyone until it expires; a link to the app does not."""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri


class ServedByAppMixin:
    """A storage whose files' URLs lead to the app's /media/ view, not to the storage."""

    def url(self, name: str, *args, **kwargs) -> str:
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))


try:  # the "s3" extra: pip install "intranet-ledningssystem[s3]"
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover - depends on the installation
    S3Storage = None

if S3Storage is not None:

    class PrivateS3Storage(ServedByAppMixin, S3Storage):
        """S3-compatible object storage, private, whose files the app serves (see above)."""
