# LinkPlace declares its page/document pair through governed.GovernedPart: the columns are the
# same, the fields gain the verbose names every such pair has.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ledning", "0009_reminder_deliveries"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="linkplace",
            name="document",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="ledning.governeddocument",
                verbose_name="styrande dokument",
            ),
        ),
        migrations.AlterField(
            model_name="linkplace",
            name="page",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
                verbose_name="sida",
            ),
        ),
    ]
