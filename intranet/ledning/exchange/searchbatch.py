"""Wagtail's PostgreSQL search index written for a batch of imported objects.

Wagtail's database search backend on PostgreSQL (modelsearch's ``PostgresIndex``) writes a batch
with one ``INSERT … ON CONFLICT`` whose title, body and autocomplete vectors are
``setweight(to_tsvector(config, text), weight)`` joined with ``||``. Its ``add_items()`` builds
that statement as Django expressions: it reads every search field of an object five times (for
the title, body and autocomplete vectors and the two plain texts), wraps each text in a
``SearchVector`` and compiles it, and binds four parameters per text. For an import of ten
thousand objects that was the largest part of the index pass.

``add_items`` here writes the same rows with the same statement: each object's search fields
are read once (through modelsearch's own ``ObjectIndexer.prepare_field``, so the texts and
weights are the ones Wagtail would index), the SQL is joined as text in the order modelsearch's
``balanced_reduce`` gives, and only the texts are parameters (the text search configuration,
a setting, and the weight letters are written into the statement). Any other index (another
backend, Elasticsearch) is handed the objects through its own ``add_items``.

Like modelsearch's, it leaves the title norms to ``_refresh_title_norms`` (the importer runs it
once per model, after the last batch: ``services.title_norms_once``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import models
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    ObjectIndexer,
    PostgresIndex,
)
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import balanced_reduce, get_content_type_pk

TEXT = "COALESCE(%s, '')"
#: A text search configuration written into the statement ("swedish", "pg_catalog.simple").
CONFIG_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def add_items(index: Any, model: type[models.Model], objects: Sequence[Any]) -> None:
    """Index these objects of model in ``index`` (one of Wagtail's search indexes)."""
    if type(index) is not PostgresIndex:
        index.add_items(model, objects)
        return
    backend = index.backend
    configs = [backend.config, backend.autocomplete_config]
    if any(config is not None and not CONFIG_NAME.match(str(config)) for config in configs):
        index.add_items(model, objects)
        return
    _write(index, model, objects)


def _vector(texts: list[tuple[str, str]], config: Any, params: list[Any]) -> str:
    """SQL of modelsearch's ``ObjectIndexer.as_vector(texts)``, its texts added to params."""
    texts = [(text.strip(), weight) for text, weight in texts]
    texts = [(text, weight) for text, weight in texts if text]
    if not texts:
        # modelsearch's EMPTY_VECTOR: an empty text, without a configuration.
        params.append("")
        return f"to_tsvector({TEXT})"
    parts = []
    for text, weight in texts:
        params.append(text)
        if config is None:
            parts.append(f"setweight(to_tsvector({TEXT}), '{weight}')")
        else:
            parts.append(f"setweight(to_tsvector('{config}'::regconfig, {TEXT}), '{weight}')")
    return balanced_reduce(lambda left, right: f"({left} || {right})", parts)


def _write(index: Any, model: type[models.Model], objects: Sequence[Any]) -> None:
    if not model.get_search_fields() or not objects:
        return
    backend = index.backend
    content_type_pk = get_content_type_pk(model)
    rows: list[str] = []
    params: list[Any] = []
    for obj in objects:
        indexer = ObjectIndexer(obj, backend)
        title: list[tuple[str, str]] = []
        body: list[tuple[str, str]] = []
        autocomplete: list[tuple[str, str]] = []
        for search_field in indexer.search_fields:
            for field, weight, value in indexer.prepare_field(obj, search_field):
                if isinstance(field, SearchField):
                    (title if field.field_name == "title" else body).append((value, weight))
                elif isinstance(field, AutocompleteField):
                    autocomplete.append((value, weight))
        params.extend((content_type_pk, str(indexer.id)))
        title_sql = _vector(title, backend.config, params)
        autocomplete_sql = _vector(autocomplete, backend.autocomplete_config, params)
        body_sql = _vector(body, backend.config, params)
        params.append(" ".join(t for t in (value.strip() for value, _w in title) if t))
        params.append(" ".join(t for t in (value.strip() for value, _w in body) if t))
        rows.append(f"(%s, %s, {title_sql}, {autocomplete_sql}, {body_sql}, 1.0, %s, %s)")
    with index.write_connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title,
                autocomplete, body, title_norm, title_text, body_text)
            (VALUES {", ".join(rows)})
            ON CONFLICT (content_type_id, object_id)
            DO UPDATE SET title = EXCLUDED.title,
                          title_norm = 1.0,
                          autocomplete = EXCLUDED.autocomplete,
                          body = EXCLUDED.body,
                          title_text = EXCLUDED.title_text,
                          body_text = EXCLUDED.body_text
            """,
            params,
        )
