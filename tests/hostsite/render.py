"""Install the management system into the host site and render its pages.

Run as `python -m tests.hostsite.render OUTPUT.json` with
DJANGO_SETTINGS_MODULE=tests.hostsite.settings (tests/test_hostsite.py does). It migrates an
empty database, runs the system checks, builds a start page under the root page with a process
page and a document page, and writes a JSON object with each URL it fetched, its status and
its HTML to OUTPUT.json.
"""

from __future__ import annotations

import json
import os
import sys


def main(output: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.hostsite.settings")
    import django

    django.setup()

    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from wagtail.documents import get_document_model
    from wagtail.models import Page, Site

    from intranet.ledning.models import DocumentIndexPage, GovernedDocument, ProcessPage, StartPage

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("check", fail_level="WARNING", stdout=sys.stderr)

    file = get_document_model().objects.create(
        title="Rutin Nyckelhantering", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="nyckel.pdf")
    )
    document = GovernedDocument.objects.create(
        key="rutin-nyckelhantering",
        document_type="rutin",
        title="Rutin Nyckelhantering av hemtjänsten",
        file=file,
        reviewed_by="Ledningsgrupp Vård och omsorg",
        approved_by="Chef Vård och omsorg",
    )

    root = Page.get_first_root_node()
    start = root.add_child(instance=StartPage(title="Ledningssystem", slug="ledningssystem"))
    Site.objects.filter(is_default_site=True).update(root_page=start)
    process = start.add_child(
        instance=ProcessPage(
            title="Verkställa beslut om hemtjänst",
            slug="hemtjanst",
            page_owner="Chef för område 2",
            body=[
                {
                    "type": "documents",
                    "value": {
                        "heading": "Rutiner",
                        "document_type": "rutin",
                        "items": [{"document": document.pk, "children": []}],
                    },
                }
            ],
        )
    )
    index = start.add_child(
        instance=DocumentIndexPage(title="Rutiner", slug="rutiner", document_types=["rutin"])
    )

    client = Client()
    pages = {}
    for url in (process.url, index.url, document.get_absolute_url(), file.url):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = {"status": response.status_code, "html": body.decode(errors="replace")}
    with open(output, "w", encoding="utf-8") as out:
        json.dump(
            {
                "process": process.url,
                "index": index.url,
                "document": document.get_absolute_url(),
                "file": file.url,
                "pages": pages,
            },
            out,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
