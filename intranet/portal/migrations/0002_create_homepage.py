"""Turn Wagtail's initial "Welcome" page into the intranet's home page at the site root."""

from django.db import migrations

INTRO = "<p>Välkommen till Ines, kommunens intranät.</p>"


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("portal.HomePage")

    if HomePage.objects.exists():
        return
    welcome = Page.objects.filter(depth=2, numchild=0, content_type__model="page").first()
    if welcome is None:
        return
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="portal")
    Page.objects.filter(pk=welcome.pk).update(
        content_type=content_type,
        title="Hem",
        draft_title="Hem",
        slug="hem",
        url_path="/hem/",
    )
    home = HomePage(page_ptr_id=welcome.pk, intro=INTRO)
    # Only the child table's row is new; the page row above stays as it is.
    home.save_base(raw=True)
    Site.objects.filter(is_default_site=True).update(site_name="Ines")


def noop(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial"), ("wagtailcore", "0002_initial_data")]

    operations = [migrations.RunPython(create_homepage, noop)]
