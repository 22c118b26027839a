"""PostgreSQL only: pg_trgm and a trigram index on the title, for the search's typo tolerance
(search/engines.py, PostgresEngine.similar_titles: "läkemedelshantring" finds "Rutin
Läkemedelshantering" when the words themselves match little).

pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the owner of the database
may create it without being a superuser. Titles are compared as written (no unaccent), so å, ä
and ö stay distinct from a and o."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_entry_title_trgm ON search_searchentry "
    "USING gin (title gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS search_entry_title_trgm"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_search_statistics_permission")]

    operations = [migrations.RunPython(forward, backward)]
