"""PostgreSQL only: the weighted tsvector columns the search queries, and their GIN index.

Generated columns (the database keeps them current on every write): `search_vector` holds the
title (A), lead and tags (B), body and compound parts (C) and the attached file's text (D);
`head_vector` only title and lead, cheap to rank every hit on. The configuration is `swedish`.
"""

from django.db import migrations

FORWARD = [
    """
    ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('swedish'::regconfig, coalesce(lead, '')), 'B') ||
        setweight(to_tsvector('swedish'::regconfig, coalesce(body, '') || ' ' ||
                              coalesce(compounds, '')), 'C') ||
        setweight(to_tsvector('swedish'::regconfig, coalesce(file_text, '')), 'D')
    ) STORED
    """,
    """
    ALTER TABLE search_searchentry ADD COLUMN head_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('swedish'::regconfig, coalesce(lead, '')), 'B')
    ) STORED
    """,
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS head_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
