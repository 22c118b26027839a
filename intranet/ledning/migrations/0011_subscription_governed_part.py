# Subscription takes its page/document pair from governed.GovernedPart: verbose names and the
# related name change; the columns, their foreign keys and CASCADE stay as they were.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ledning', '0010_linkplace_governed_part'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='subscription',
            name='document',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='ledning.governeddocument', verbose_name='styrande dokument'),
        ),
        migrations.AlterField(
            model_name='subscription',
            name='page',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='sida'),
        ),
    ]
