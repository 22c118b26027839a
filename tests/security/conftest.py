"""Fixtures for the security tests: a seeded site with one private collection and one
group-restricted page (tests/security/site.py builds it through the import, the Wagtail admin
and the approval workflow), and browsers for its three kinds of visitor.

- ``seeded_site``: built inside the test's own transaction (function scope); use it freely,
  changes are rolled back with the test.
- ``shared_seeded_site``: built once per test module inside a transaction of its own, which is
  rolled back (and its files removed) when the module is done. Tests that use it run inside it
  (each in a savepoint), so they may change data, but they must not use ``transactional_db``
  or ``live_server`` (those empty the database).
- ``anonymous_client``, ``outsider_client`` (``medarbetare``, not in the group) and
  ``member_client`` (a member of the group), for ``seeded_site``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections, transaction
from django.test import Client

from .site import SeededSite, build_seeded_site, media_files, remove_media_files


@pytest.fixture
def seeded_site(db) -> Iterator[SeededSite]:
    before = media_files()
    site = build_seeded_site()
    yield site
    remove_media_files(media_files() - before)


@pytest.fixture(scope="module")
def shared_seeded_site(django_db_setup, django_db_blocker) -> Iterator[SeededSite]:
    atomics = {alias: transaction.atomic(using=alias) for alias in connections}
    with django_db_blocker.unblock():
        before = media_files()
        for atomic in atomics.values():
            atomic.__enter__()
        try:
            site = build_seeded_site()
        except BaseException:
            _roll_back(atomics, before)
            raise
    yield site
    with django_db_blocker.unblock():
        _roll_back(atomics, before)


def _roll_back(atomics: dict, media_before: set[str]) -> None:
    for alias, atomic in reversed(atomics.items()):
        transaction.set_rollback(True, using=alias)
        atomic.__exit__(None, None, None)
    remove_media_files(media_files() - media_before)


@pytest.fixture
def anonymous_client(seeded_site) -> Client:
    return seeded_site.client_for(None)


@pytest.fixture
def outsider_client(seeded_site) -> Client:
    return seeded_site.client_for(seeded_site.outsider)


@pytest.fixture
def member_client(seeded_site) -> Client:
    return seeded_site.client_for(seeded_site.member)
