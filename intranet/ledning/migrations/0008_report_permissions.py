# The permissions of the management system's admin reports and actions (models/reports.py):
# a model without a table that only carries them.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ledning", "0007_approval_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportPermission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
            ],
            options={
                "verbose_name": "rapport i ledningssystemet",
                "verbose_name_plural": "rapporter i ledningssystemet",
                "permissions": [
                    ("view_review_report", "Kan se rapporten Granskning"),
                    ("view_ownerless_report", "Kan se rapporten Utan ansvarig"),
                    ("view_orphans_report", "Kan se rapporten Dokument utan sida"),
                    ("view_change_log_report", "Kan se rapporten Ändringslogg"),
                    ("view_broken_links_report", "Kan se rapporten Trasiga länkar"),
                    ("ignore_broken_links", "Kan ignorera trasiga länkar"),
                ],
                "managed": False,
                "default_permissions": (),
            },
        ),
    ]
