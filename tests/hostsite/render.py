"""Install the management system into the host site and render its pages.

Run as `python -m tests.hostsite.render OUTPUT.json` with
DJANGO_SETTINGS_MODULE=tests.hostsite.settings (tests/hostsite/test_hostsite.py does). It
migrates an empty database, runs the system checks, imports a start page with a process page and
a document page, and writes a JSON object with each URL it fetched, its status and its HTML to
OUTPUT.json.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def main(output: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.hostsite.settings")
    import django

    django.setup()

    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from wagtail.models import Site

    from intranet.ledning.exchange import import_ledningssystem
    from intranet.ledning.models import DocumentIndexPage, GovernedDocument, ProcessPage, StartPage

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("check", fail_level="WARNING", stdout=sys.stderr)

    # The content comes in through the import (ledningssystem/1), as a host site would load it:
    # new content made live any other way is a draft until the approval workflow approves it.
    files = Path(tempfile.mkdtemp())
    (files / "nyckel.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    import_ledningssystem(
        {
            "format": "ledningssystem/1",
            "documents": [
                {
                    "key": "rutin-nyckelhantering",
                    "type": "rutin",
                    "title": "Rutin Nyckelhantering av hemtjänsten",
                    "file": "nyckel.pdf",
                    "reviewed_by": "Ledningsgrupp Vård och omsorg",
                    "approved_by": "Chef Vård och omsorg",
                }
            ],
            "pages": [
                {"type": "start", "path": "", "slug": "ledningssystem", "title": "Ledningssystem"},
                {
                    "type": "process",
                    "path": "hemtjanst",
                    "title": "Verkställa beslut om hemtjänst",
                    "page_owner": "Chef för område 2",
                    "body": [
                        {
                            "type": "documents",
                            "heading": "Rutiner",
                            "document_type": "rutin",
                            "items": [{"document": "rutin-nyckelhantering"}],
                        }
                    ],
                },
                {
                    "type": "documents",
                    "path": "rutiner",
                    "title": "Rutiner",
                    "document_types": ["rutin"],
                },
            ],
        },
        files_dir=files,
    )
    start = StartPage.objects.get(slug="ledningssystem")
    # Saved (not a queryset update), so Wagtail clears its cached site root paths, which the
    # import has read (a page checks that its address is free when it is saved).
    site = Site.objects.get(is_default_site=True)
    site.root_page = start
    site.save()
    process = ProcessPage.objects.get(slug="hemtjanst")
    index = DocumentIndexPage.objects.get(slug="rutiner")
    document = GovernedDocument.objects.get(key="rutin-nyckelhantering")

    client = Client()
    pages = {}
    for url in (process.url, index.url, document.get_absolute_url(), document.open_url):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = {"status": response.status_code, "html": body.decode(errors="replace")}
    with open(output, "w", encoding="utf-8") as out:
        json.dump(
            {
                "process": process.url,
                "index": index.url,
                "document": document.get_absolute_url(),
                "file": document.open_url,
                "pages": pages,
            },
            out,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
