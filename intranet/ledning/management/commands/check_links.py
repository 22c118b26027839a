from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core import checks
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from intranet.ledning.linkcheck import selectors, services
from intranet.ledning.linkcheck.worker import WorkerDied
from intranet.ledning.models import Verdict


class Command(BaseCommand):
    help = _(
        "Kontrollerar alla länkar i publicerade sidor och styrande dokument nu: interna i "
        "databasen, externa över HTTP. --json skriver resultatet per adress till en fil."
    )

    # Django's system checks run while the links are being checked over HTTP (handle(), below),
    # not before everything else. An error among them still stops the command before anything
    # is stored. All but the URL configuration's (as Django lets a command choose its checks'
    # tags): the command serves no URL, and importing every view to check the URLs took more
    # CPU than all the other checks together (about 0.25 s), on the cores the HTTP process and
    # PostgreSQL need meanwhile.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-checks", action="store_true", help=_("hoppa över Djangos systemkontroller")
        )
        parser.add_argument(
            "--json",
            dest="json_file",
            metavar="FILE",
            help=_("skriv resultatet som JSON till FILE (- för standard ut)"),
        )

    def handle(self, *args, **options):
        json_file = options["json_file"]
        if json_file and json_file != "-" and not Path(json_file).parent.is_dir():
            raise CommandError(_("Katalogen för %s finns inte.") % json_file)
        bar: tqdm | None = None

        def set_total(total: int) -> None:
            # Made only now, after the HTTP process has been started: a progress bar starts a
            # thread of its own, and a process is better forked without other threads.
            nonlocal bar
            bar = tqdm(
                total=total,
                desc=_("Kontrollerar länkar"),
                unit=_("länk"),
                file=sys.stderr,
                disable=options["verbosity"] == 0,
                dynamic_ncols=True,
            )

        def system_checks() -> None:
            if not options["skip_checks"]:
                tags = set(checks.registry.registry.tags_available()) - {checks.Tags.urls}
                self.check(tags=sorted(tags))

        try:
            summary = services.run_full_check(
                progress=lambda _url, _result: bar.update(1),
                on_total=set_total,
                while_waiting=system_checks,
            )
        except WorkerDied as error:
            raise CommandError(str(error)) from error
        finally:
            if bar is not None:
                bar.close()
        if json_file:
            # One object per line: readable, and written by json's C encoder (indent= takes
            # its pure-Python encoder: about 0.4 s for 10,000 URLs).
            rows = [json.dumps(row, ensure_ascii=False) for row in selectors.results_as_json()]
            data = "[\n" + ",\n".join(rows) + "\n]" if rows else "[]"
            if json_file == "-":
                self.stdout.write(data)
            else:
                Path(json_file).write_text(data + "\n", encoding="utf-8")
        labels = dict(Verdict.choices)
        counts = ", ".join(
            f"{labels[verdict]}: {summary.verdicts[verdict]}"
            for verdict in Verdict.values
            if summary.verdicts[verdict]
        )
        message = _(
            "%(links)s adresser på %(places)s platser; %(checked)s kontrollerade, %(cached)s "
            "fungerade nyligen och kontrollerades inte igen (%(seconds).1f s). %(counts)s."
        ) % {
            "links": summary.links,
            "places": summary.places,
            "checked": summary.checked,
            "cached": summary.cached,
            "seconds": summary.seconds,
            "counts": counts or _("inga länkar"),
        }
        (self.stderr if json_file == "-" else self.stdout).write(message)
