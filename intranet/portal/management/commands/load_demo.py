from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intranet.ledning.exchange import ImportValidationError, import_ledningssystem, load_import_file
from intranet.ledning.models import StartPage
from intranet.portal.demo import DEMO_DIR, DEMO_FILE, Existing, missing_only, start_page_slug
from intranet.portal.demo.accessibility import load_demo_accessibility_statement
from intranet.portal.demo.readconfirm import load_demo_read_confirmation
from intranet.portal.demo.reviews import load_demo_reviews
from intranet.portal.demo.staff import load_demo_staff_content
from intranet.portal.demo.users import load_demo_owners, load_demo_users
from intranet.portal.demo.versions import load_demo_versions


class Command(BaseCommand):
    help = _(
        "Läser in demoinnehållet (socialförvaltningens ledningssystem, byggt från källtexterna) "
        "och skapar demogrupper och demoanvändare. Kan köras flera gånger: det som redan finns "
        "lämnas som redaktörerna har lämnat det, bara det som saknas skapas."
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
        try:
            data, existing = missing_only(load_import_file(DEMO_FILE))
            report = import_ledningssystem(data, files_dir=DEMO_DIR)
        except ImportValidationError as error:
            raise CommandError(error.report(self.stderr.write)) from None
        self.stdout.write(report.summary())
        self.write_existing(existing)

        slug = start_page_slug()
        start_page = StartPage.objects.filter(slug=slug).order_by("depth", "path").first()
        if start_page is None:
            raise CommandError(
                _("Startsidan för ledningssystemet (%s) finns inte efter importen.") % slug
            )

        result = load_demo_users(start_page)
        load_demo_owners(start_page)
        staff = load_demo_staff_content(start_page.get_parent().specific)
        load_demo_versions()
        load_demo_read_confirmation()
        load_demo_reviews()
        load_demo_accessibility_statement(start_page.get_parent().specific)

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

    def write_existing(self, existing: Existing) -> None:
        if not existing.any:
            return
        self.stdout.write(
            _(
                "Fanns redan och lämnas orörda: %(pages)d sidor, %(documents)d dokument och "
                "%(workplaces)d arbetsplatser."
            )
            % {
                "pages": len(existing.pages),
                "documents": len(existing.documents),
                "workplaces": len(existing.workplaces),
            }
        )
        if existing.edited_pages or existing.edited_documents:
            pages = ngettext("%(count)d sida", "%(count)d sidor", existing.edited_pages) % {
                "count": existing.edited_pages
            }
            documents = ngettext(
                "%(count)d dokument", "%(count)d dokument", existing.edited_documents
            ) % {"count": existing.edited_documents}
            self.stdout.write(
                _("Av dem har %(pages)s och %(documents)s ändrats av redaktörer.")
                % {"pages": pages, "documents": documents}
            )
