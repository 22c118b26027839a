from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from intranet.ledning.exchange import export_ledningssystem


class Command(BaseCommand):
    help = _("Exporterar hela ledningssystemet i formatet ledningssystem/1.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help=_("målfil (utelämnad: standard ut)"))
        parser.add_argument(
            "--files",
            dest="files",
            help=_(
                "katalog att kopiera dokument- och kartfiler till (standard: målfilens katalog)"
            ),
        )

        parser.add_argument(
            "--historik",
            action="store_true",
            dest="history",
            help=_("ta med dokumentens tidigare fastställda versioner (history)"),
        )

    def handle(self, *args, **options):
        target = Path(options["file"]) if options["file"] else None
        files_dir = (
            Path(options["files"]) if options["files"] else (target.parent if target else None)
        )
        data = export_ledningssystem(files_dir=files_dir, include_history=options["history"])
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if target is None:
            self.stdout.write(text, ending="")
            return
        target.write_text(text, encoding="utf-8")
        self.stderr.write(
            _("Exporterade %(documents)d dokument och %(pages)d sidor till %(path)s.")
            % {"documents": len(data["documents"]), "pages": len(data["pages"]), "path": target}
        )
