"""/media/ honours privacy: documents are only served by Wagtail's document view (which applies
collection privacy), never from /media/; original images and renditions only to those who may
view the image's collection; unknown paths are "not found"; and a user's file that is not a
raster image we render is a download (never SVG or HTML inline), with nosniff."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from intranet.portal.storage import ServedByAppMixin

from .site import build_seeded_site, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_seeded_site()


def content_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def media_url(name: str) -> str:
    return f"/media/{name}"


def test_document_files_are_never_served_from_media(site):
    for document in (site.private_document, site.public_document):
        url = media_url(document.file.file.name)
        for user in (site.outsider, site.member, site.superuser):
            response = site.client_for(user).get(url)
            assert response.status_code == 404, (url, user.username)
            assert b"%PDF" not in content_of(response)
    # The document view is the way to the file, and it applies the collection's privacy.
    assert site.client_for(site.outsider).get(site.public_document.file.url).status_code == 200


def test_private_images_and_renditions_only_for_the_group(site):
    image = get_image_model().objects.get(pk=site.image.pk)
    renditions = list(image.renditions.all())
    assert renditions, "the member's visit made no rendition"
    names = [image.file.name, *(rendition.file.name for rendition in renditions)]
    for name in names:
        outsider = site.client_for(site.outsider).get(media_url(name))
        assert outsider.status_code == 403, name
        body = content_of(outsider)
        assert b"\x89PNG" not in body and site.secret_bytes["the image's file"] not in body
        member = site.client_for(site.member).get(media_url(name))
        assert member.status_code == 200, name
        assert content_of(member).startswith(b"\x89PNG")
        assert member["X-Content-Type-Options"] == "nosniff"
        assert member["Content-Type"] == "image/png"
        assert "attachment" not in member.get("Content-Disposition", "")
    assert (
        content_of(site.client_for(site.member).get(media_url(image.file.name)))
        == (site.secret_bytes["the image's file"])
    )


def test_unknown_and_odd_media_paths_are_not_found(site):
    client = site.client_for(site.member)
    for path in (
        "/media/original_images/finns-inte.png",
        "/media/images/finns-inte.fill-10x10.png",
        "/media/../intranet/settings/base.py",
        "/media/original_images/../documents/x.pdf",
        "/media/processkartor/x.graphml",
    ):
        response = client.get(path)
        assert response.status_code == 404, path


def test_images_in_open_collections_are_served_to_staff(site):
    # An editor uploads a picture to the root collection in the admin.
    admin = site.client_for(site.superuser)
    upload = SimpleUploadedFile("oppen-bild.png", png_bytes(colour=(200, 30, 30)), "image/png")
    response = admin.post(
        reverse("wagtailimages:add"),
        {"title": "Öppen bild", "file": upload, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 302, response.status_code
    image = get_image_model().objects.get(title="Öppen bild")
    served = site.client_for(site.outsider).get(media_url(image.file.name))
    assert served.status_code == 200
    assert content_of(served).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "original_images/karta.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        ("original_images/sida.html", b"<script>alert(1)</script>"),
        ("original_images/bild.png", b"\x89PNG\r\n"),
    ],
)
def test_only_raster_images_are_served_inline(db, name, content):
    from intranet.portal import media

    stored = default_storage.save(name, ContentFile(content))
    response = media.file_response(stored)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    if stored.endswith(".png"):
        assert response["Content-Type"] == "image/png"
        assert "attachment" not in response.get("Content-Disposition", "")
    else:
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment")
    response.close()


class PathlessStorage(ServedByAppMixin, FileSystemStorage):
    """Like object storage: no local path, and URLs that lead to the app (PrivateS3Storage)."""

    def path(self, name):
        raise NotImplementedError("object storage has no local path")

    def _open(self, name, mode="rb"):
        return File(open(FileSystemStorage.path(self, name), mode))

    def size(self, name):
        return Path(FileSystemStorage.path(self, name)).stat().st_size


PATHLESS = {
    "default": {"BACKEND": "tests.security.test_media.PathlessStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def test_object_storage_files_are_reached_only_through_the_app(site):
    with override_settings(STORAGES=PATHLESS):
        image = get_image_model().objects.get(pk=site.image.pk)
        assert image.file.url == f"/media/{image.file.name}"
        document = get_document_model().objects.get(pk=site.private_document.file_id)
        assert document.url.startswith("/documents/")
        for user, status in ((site.outsider, 403), (site.member, 200)):
            client = site.client_for(user)
            response = client.get(image.file.url)
            assert response.status_code == status, user.username
            served = client.get(document.url)
            assert served.status_code == status, user.username
        content = b"".join(site.client_for(site.member).get(document.url).streaming_content)
        assert content == site.secret_bytes["the private document's file"]


def test_production_uses_the_private_storage_served_by_the_app():
    source = (Path(__file__).resolve().parents[2] / "intranet/settings/production.py").read_text()
    assert '"BACKEND": "intranet.portal.storage.PrivateS3Storage"' in source
    assert '"default_acl": "private"' in source
