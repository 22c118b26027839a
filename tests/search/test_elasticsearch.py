"""Elasticsearch / OpenSearch: the generated configuration as data, and live tests against a
real cluster when ELASTICSEARCH_URL or OPENSEARCH_URL is set (none can be installed on the
development machines, so they are skipped there, saying why)."""

from __future__ import annotations

import json
import os
from copy import deepcopy

import pytest
from django.core.management import call_command
from django.test import override_settings
from modelsearch.backends.elasticsearchbase import (
    ElasticsearchBaseMapping,
    ElasticsearchBaseSearchBackend,
)
from modelsearch.utils import deep_update

from intranet.ledning.models import GovernedDocument
from search import es_settings
from search.compounds import COMPOUND_PARTS
from search.synonyms import DEFAULT_SYNONYMS

from .test_search import api, titles

GROUPS = [group.split(",") for group in DEFAULT_SYNONYMS]


def analysis() -> dict:
    return es_settings.index_settings(GROUPS, COMPOUND_PARTS)["settings"]["analysis"]


def test_swedish_analyzer_is_the_default():
    settings = analysis()
    default = settings["analyzer"]["default"]
    assert default["tokenizer"] == "standard"
    assert default["filter"] == [
        "lowercase",
        "swedish_stop",
        "swedish_decompounder",
        "swedish_stemmer",
    ]
    assert settings["filter"]["swedish_stop"] == {"type": "stop", "stopwords": "_swedish_"}
    assert settings["filter"]["swedish_stemmer"] == {"type": "stemmer", "language": "swedish"}
    search = settings["analyzer"]["default_search"]
    assert search["filter"][:2] == ["lowercase", "swedish_synonyms"]


def test_no_accent_folding_anywhere_in_the_merged_settings():
    merged = deep_update(
        deepcopy(ElasticsearchBaseSearchBackend.settings),
        es_settings.index_settings(GROUPS, COMPOUND_PARTS),
    )
    assert "asciifolding" not in json.dumps(merged)
    assert "asciifolding" in json.dumps(ElasticsearchBaseSearchBackend.settings)  # what we undo
    # Wagtail's own analyzers are still there (partial matching for autocomplete).
    assert merged["settings"]["analysis"]["analyzer"]["edgengram_analyzer"]["filter"] == [
        "lowercase",
        "edgengram",
    ]


def test_synonyms_and_decompounder():
    settings = analysis()
    rules = settings["filter"]["swedish_synonyms"]["synonyms"]
    assert "sol, socialtjänstlagen" in rules
    assert "lss, lagen om stöd och service till vissa funktionshindrade" in rules
    assert "hsl, hälso- och sjukvårdslagen" in rules
    decompounder = settings["filter"]["swedish_decompounder"]
    assert decompounder["type"] == "dictionary_decompounder"
    assert {"nyckel", "hantering", "hemtjänst"} <= set(decompounder["word_list"])
    assert es_settings.synonym_rules([["EB", "Ekonomiskt  bistånd"], ["ensam"]]) == [
        "eb, ekonomiskt bistånd"
    ]


def test_backends_from_environment():
    backends, engine = es_settings.backends_from_env({}, is_postgres=True)
    assert engine == "database"
    assert backends["default"] == {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "swedish",
    }
    backends, _ = es_settings.backends_from_env({}, is_postgres=False)
    assert "SEARCH_CONFIG" not in backends["default"]
    backends, engine = es_settings.backends_from_env(
        {"ELASTICSEARCH_URL": "https://es.example.se:9200"}, False, GROUPS, COMPOUND_PARTS
    )
    assert engine == "wagtail"
    assert backends["default"]["BACKEND"] in {
        "wagtail.search.backends.elasticsearch8",
        "wagtail.search.backends.elasticsearch9",
    }
    assert backends["default"]["URLS"] == ["https://es.example.se:9200"]
    assert backends["default"]["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"]
    backends, engine = es_settings.backends_from_env(
        {"OPENSEARCH_URL": "http://os:9200"}, False, GROUPS, COMPOUND_PARTS
    )
    assert backends["default"]["BACKEND"].startswith("wagtail.search.backends.opensearch")


def test_document_mapping_holds_the_file_text():
    mapping = ElasticsearchBaseMapping(GovernedDocument).get_mapping()
    properties = mapping["properties"]
    assert properties["search_file_text"]["type"] == "text"
    assert "_all_text_boost_3_0" in properties["title"]["copy_to"]
    assert "analyzer" not in properties["title"]  # so the index's Swedish default applies


LIVE_URL = os.environ.get("ELASTICSEARCH_URL") or os.environ.get("OPENSEARCH_URL")


@pytest.mark.skipif(
    not LIVE_URL,
    reason="no Elasticsearch/OpenSearch cluster: set ELASTICSEARCH_URL or OPENSEARCH_URL to "
    "run the live search tests (none can be installed on the development machines)",
)
def test_live_cluster_swedish_search(make_document, staff_client):
    backends, _ = es_settings.backends_from_env(
        os.environ,
        False,
        GROUPS,
        COMPOUND_PARTS,
    )
    backends["default"]["INDEX"] = f"intranet-test-{os.getpid()}"
    with override_settings(WAGTAILSEARCH_BACKENDS=backends, SEARCH_ENGINE="wagtail"):
        make_document("Rutin Nyckelhantering av hemtjänsten", "rutin")
        make_document("Riktlinjer för handläggning enligt socialtjänstlagen", "riktlinje")
        make_document("Får och getter", "informationsmaterial")
        call_command("update_index", verbosity=0)
        call_command("rebuild_search_index", verbosity=0)
        assert "Rutin Nyckelhantering av hemtjänsten" in titles(api(staff_client, q="nyckel"))
        assert "Rutin Nyckelhantering av hemtjänsten" in titles(api(staff_client, q="hemtjänst"))
        found = titles(api(staff_client, q="riktlinje SoL"))
        assert "Riktlinjer för handläggning enligt socialtjänstlagen" in found
        assert "Får och getter" not in titles(api(staff_client, q="far"))
