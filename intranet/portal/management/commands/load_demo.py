from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from intranet.ledning.models import StartPage
from intranet.portal.demo import DEMO_DIR, DEMO_FILE, start_page_slug
from intranet.portal.demo.staff import load_demo_staff_content
from intranet.portal.demo.users import load_demo_users


class Command(BaseCommand):
    help = _(
        "Läser in demoinnehållet (socialförvaltningens ledningssystem, byggt från källtexterna) "
        "och skapar demogrupper och demoanvändare. Kan köras flera gånger."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "INTRANET_ALLOW_DEMO", False):
            raise CommandError(
                _(
                    "Demodata får inte läsas in här: INTRANET_ALLOW_DEMO är avstängt i den här "
                    "miljön (t.ex. i produktion). Demoanvändarna har kända lösenord."
                )
            )

        self.stdout.write(_("Läser in demoinnehållet från %s …") % DEMO_FILE)
        call_command(
            "import_ledningssystem",
            str(DEMO_FILE),
            files=str(DEMO_DIR),
            verbosity=options["verbosity"],
            stdout=self.stdout,
            stderr=self.stderr,
        )

        slug = start_page_slug()
        start_page = StartPage.objects.filter(slug=slug).order_by("depth", "path").first()
        if start_page is None:
            raise CommandError(
                _("Startsidan för ledningssystemet (%s) finns inte efter importen.") % slug
            )

        result = load_demo_users(start_page)
        staff = load_demo_staff_content(start_page.get_parent().specific)

        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                _("Demon är klar: %(title)s på %(url)s")
                % {"title": start_page.title, "url": start_page.url or "/"}
            )
        )
        self.stdout.write(_("Grupper: %s") % ", ".join(group.name for group in result.groups))
        self.stdout.write(
            _("Nyheter: %(news)s på %(url)s; verktyg för genvägar: %(tools)s")
            % {"news": len(staff.news), "url": staff.news_index.url, "tools": len(staff.tools)}
        )
        self.stdout.write(_("Demoanvändare (lösenorden gäller bara demon):"))
        for user in result.users:
            role = _("superanvändare") if user.is_superuser else ", ".join(user.groups)
            self.stdout.write(
                _("  %(username)-12s lösenord: %(password)-22s %(name)s (%(role)s)")
                % {
                    "username": user.username,
                    "password": user.password,
                    "name": f"{user.first_name} {user.last_name}",
                    "role": role,
                }
            )
