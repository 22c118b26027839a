"""Rebuild the site's search index (search.SearchEntry), with a progress bar on a terminal.

--extract first reads the text of every attached file again (PDF, DOCX, ODT) in this process.
Wagtail's own `update_index` keeps the admin's search (and Elasticsearch) current; this command
is the site search's equivalent.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm
from wagtail.documents import get_document_model

from search import indexing
from search.documents import extract_document_text


class Command(BaseCommand):
    help = "Bygg om sökindexet för sidor och styrande dokument."

    def add_arguments(self, parser):
        parser.add_argument(
            "--extract", action="store_true", help="Läs texten i alla bifogade filer på nytt."
        )

    def handle(self, *args, extract: bool = False, **options):
        started = time.monotonic()
        show = options.get("verbosity", 1) > 0
        if extract:
            ids = list(get_document_model().objects.values_list("pk", flat=True))
            for document_id in tqdm(ids, desc="Filer", unit="fil", disable=not show):
                extract_document_text(document_id, force=True)
        total = indexing.count_indexable()
        with tqdm(total=total, desc="Sökindex", unit="obj", disable=not show) as bar:
            count = indexing.rebuild(progress=bar.update)
        if show:
            self.stdout.write(
                f"{count} sidor och dokument indexerade på {time.monotonic() - started:.1f} s."
            )
