from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from intranet.ledning.exchange import ImportValidationError, import_ledningssystem, open_import_file


class Command(BaseCommand):
    help = _(
        "Importerar ett helt ledningssystem (formatet ledningssystem/1): arbetsplatser, styrande "
        "dokument och sidor. Importen är idempotent och allt-eller-inget."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("JSON-filen att importera"))
        parser.add_argument("--files", dest="files", help=_("katalog som filsökvägarna utgår från"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("kontrollera och visa ändringarna utan att spara"),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        files_dir = Path(options["files"]) if options["files"] else path.parent
        if options["files"] and not files_dir.is_dir():
            raise CommandError(_("Katalogen %s finns inte.") % files_dir)
        try:
            # Read entry by entry: the import holds a batch of entries, not the whole file.
            with (
                open_import_file(path) as source,
                tqdm(
                    total=source.total,
                    desc=_("Importerar"),
                    unit=_("post"),
                    file=sys.stderr,
                    disable=not sys.stderr.isatty() or options["verbosity"] == 0,
                    leave=False,
                ) as bar,
            ):
                report = import_ledningssystem(
                    source,
                    files_dir=files_dir,
                    dry_run=options["dry_run"],
                    progress=lambda _label: bar.update(1),
                )
        except ImportValidationError as error:
            raise CommandError(error.report(self.stderr.write)) from None
        self.stdout.write(report.summary())
