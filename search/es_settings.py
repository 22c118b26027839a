"""Elasticsearch / OpenSearch configuration as data (no Django imports: settings use it).

`backends_from_env()` gives WAGTAILSEARCH_BACKENDS: Wagtail's database backend with the
`swedish` text search configuration by default; Elasticsearch when ELASTICSEARCH_URL is set,
OpenSearch when OPENSEARCH_URL is set, with `index_settings()` as INDEX_SETTINGS.

The analyzer is the index's `default` (Wagtail maps its text fields with the default analyzer):
lower case, Swedish stop words, the domain's compound parts (dictionary decompounder, keeping
the whole word), Swedish stemming. No asciifolding: å, ä and ö stay letters of their own
("får" is not "far"). At search time the synonym list is applied too (`default_search`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import metadata
from typing import Any


def _major(package: str, default: int) -> int:
    try:
        return int(metadata.version(package).split(".")[0])
    except (metadata.PackageNotFoundError, ValueError):
        return default


def elasticsearch_backend() -> str:
    """Wagtail's backend for the installed Elasticsearch client (8 or 9)."""
    return f"wagtail.search.backends.elasticsearch{8 if _major('elasticsearch', 9) <= 8 else 9}"


def opensearch_backend() -> str:
    return f"wagtail.search.backends.opensearch{2 if _major('opensearch-py', 3) <= 2 else 3}"


def synonym_rules(groups: Iterable[Iterable[str]]) -> list[str]:
    """Solr-format rules, one per group: "sol, socialtjänstlagen" (lower case)."""
    rules = []
    for group in groups:
        terms = [" ".join(term.lower().replace(",", " ").split()) for term in group]
        terms = [term for term in dict.fromkeys(terms) if term]
        if len(terms) > 1:
            rules.append(", ".join(terms))
    return rules


def index_settings(
    synonyms: Iterable[Iterable[str]], compound_parts: Iterable[str]
) -> dict[str, Any]:
    words = sorted({part.lower() for part in compound_parts if len(part) >= 3})
    return {
        "settings": {
            "analysis": {
                "filter": {
                    "swedish_stop": {"type": "stop", "stopwords": "_swedish_"},
                    "swedish_stemmer": {"type": "stemmer", "language": "swedish"},
                    "swedish_decompounder": {
                        "type": "dictionary_decompounder",
                        "word_list": words,
                        "min_subword_size": 3,
                        "only_longest_match": False,
                    },
                    "swedish_synonyms": {
                        "type": "synonym_graph",
                        "synonyms": synonym_rules(synonyms),
                        "lenient": True,
                    },
                },
                "analyzer": {
                    # Wagtail's own partial-word analyzers, without their asciifolding.
                    "ngram_analyzer": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "ngram"],
                    },
                    "edgengram_analyzer": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "edgengram"],
                    },
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": [
                            "lowercase",
                            "swedish_stop",
                            "swedish_decompounder",
                            "swedish_stemmer",
                        ],
                    },
                    "default_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": [
                            "lowercase",
                            "swedish_synonyms",
                            "swedish_stop",
                            "swedish_decompounder",
                            "swedish_stemmer",
                        ],
                    },
                },
            }
        }
    }


def backends_from_env(
    environ: Mapping[str, str],
    is_postgres: bool,
    synonyms: Iterable[Iterable[str]] = (),
    compound_parts: Iterable[str] = (),
) -> tuple[dict[str, Any], str]:
    """(WAGTAILSEARCH_BACKENDS, SEARCH_ENGINE): "database" or "wagtail"."""
    es_url = environ.get("ELASTICSEARCH_URL", "").strip()
    os_url = environ.get("OPENSEARCH_URL", "").strip()
    if es_url or os_url:
        backend = {
            "BACKEND": elasticsearch_backend() if es_url else opensearch_backend(),
            "URLS": [url.strip() for url in (es_url or os_url).split(",") if url.strip()],
            "INDEX": environ.get("SEARCH_INDEX_PREFIX", "intranet"),
            "TIMEOUT": int(environ.get("SEARCH_TIMEOUT", "5")),
            "OPTIONS": {},
            "INDEX_SETTINGS": index_settings(synonyms, compound_parts),
        }
        return {"default": backend}, "wagtail"
    database: dict[str, Any] = {"BACKEND": "wagtail.search.backends.database"}
    if is_postgres:
        database["SEARCH_CONFIG"] = "swedish"
    return {"default": database}, "database"
