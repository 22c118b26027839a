"""The relevance test set (tests/search/relevance.py): 50+ Swedish queries over the demo content.

Reports the mean reciprocal rank and the failing queries; asserts MRR ≥ 0.9 on PostgreSQL
(the production database) and ≥ 0.85 with the embedded SQLite stems."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from . import relevance


def test_relevance_over_the_demo_content(db, capsys):
    call_command("load_demo", stdout=io.StringIO())
    call_command("rebuild_search_index", extract=True, verbosity=0)
    user = get_user_model().objects.get(username="medarbetare")
    mrr, outcomes = relevance.evaluate(user)
    summary = relevance.report(mrr, outcomes)
    with capsys.disabled():
        print(f"\n[{connection.vendor}] {summary}")
    assert len(outcomes) >= 40
    assert mrr >= (0.9 if connection.vendor == "postgresql" else 0.85), summary
