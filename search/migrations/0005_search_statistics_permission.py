# The report "Sökstatistik" has its own permission.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_gin_without_pending_list"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="zeroresultquery",
            options={"permissions": [("view_search_statistics", "Kan se sökstatistik")]},
        ),
    ]
