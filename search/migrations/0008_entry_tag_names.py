"""The names of an entry's tags on the entry itself (`tag_names`, a sorted list), filled from
SearchEntryTag: the tag facet of a search counts them in its one pass over the hits instead of
looking up each hit's tags (on PostgreSQL a 25,000-hit word read 50,000 taggings)."""

from django.db import migrations, models

FILL_POSTGRES = """
    UPDATE search_searchentry AS entry SET tag_names = tags.names
    FROM (
        SELECT entry_id, jsonb_agg(name ORDER BY name) AS names
        FROM search_searchentrytag GROUP BY entry_id
    ) AS tags
    WHERE tags.entry_id = entry.id
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL_POSTGRES)
        return
    alias = schema_editor.connection.alias
    entries = apps.get_model("search", "SearchEntry").objects.using(alias)
    tags = apps.get_model("search", "SearchEntryTag").objects.using(alias)
    names: dict[int, list[str]] = {}
    for entry_id, name in tags.order_by("entry_id", "name").values_list("entry_id", "name"):
        names.setdefault(entry_id, []).append(name)
    for entry in entries.filter(id__in=list(names)).only("id"):
        entry.tag_names = names[entry.id]
        entry.save(update_fields=["tag_names"])


class Migration(migrations.Migration):
    dependencies = [("search", "0007_moved_document_addresses")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="tag_names",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
