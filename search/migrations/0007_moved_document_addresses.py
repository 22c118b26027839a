"""Governed documents moved from ``/ledningssystemet/dokument/<key>/`` to
``/ledningssystem/styrdokument/<key>/`` (the old addresses answer with a permanent redirect).
Search entries written before the move keep their old address until the index is rebuilt; this
rewrites them, so results link to the address in force without a detour. Plain text prefixes of
that time, not today's routes: a later move needs its own migration."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

OLD = "/ledningssystemet/dokument/"
NEW = "/ledningssystem/styrdokument/"


def forward(apps, schema_editor):
    entries = apps.get_model("search", "SearchEntry").objects.using(schema_editor.connection.alias)
    entries.filter(url__contains=OLD).update(url=Replace("url", Value(OLD), Value(NEW)))


class Migration(migrations.Migration):
    dependencies = [("search", "0006_trigram_titles")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
