"""Search fixtures: the shared site tree, indexed; news; users with and without access."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from intranet.staff.models import NewsIndexPage, NewsPage
from search import indexing

from ..conftest import PASSWORD


@pytest.fixture
def indexed_tree(site_tree):
    """The shared site tree with a news item, and the search index built from it."""
    news_index = site_tree.home.add_child(instance=NewsIndexPage(title="Nyheter", slug="nyheter"))
    news_index.save_revision().publish()
    news = news_index.add_child(
        instance=NewsPage(
            title="Ny rutin för nyckelhantering i hemtjänsten",
            slug="ny-rutin-nyckelhantering",
            date=datetime.date(2026, 1, 15),
            intro="Hemtjänstens rutin för nycklar är reviderad.",
        )
    )
    news.save_revision().publish()
    site_tree.news = news
    indexing.rebuild()
    return site_tree


@pytest.fixture
def secret_group(db) -> Group:
    return Group.objects.create(name="Ledningsgruppen")


@pytest.fixture
def restricted(indexed_tree, secret_group, make_document):
    """A page only the group may view, and a document in a collection only the group may
    view; both with a word nothing else has ("hemligstämpel")."""
    page = indexed_tree.complaints
    page.title = "Hemligstämpel klagomålsutredning"
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(secret_group)
    private = Collection.get_first_root_node().add_child(name="Ledningsgruppens dokument")
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    collection_restriction.groups.add(secret_group)
    document = make_document("Rutin Hemligstämpel löneöversyn", "rutin", tags=["hemligt"])
    document.file.collection = private
    document.file.save()
    indexing.rebuild()
    return {"page": page, "document": document}


@pytest.fixture
def insider_client(django_user_model, secret_group):
    user = django_user_model.objects.create_user(username="insider", password=PASSWORD)
    user.groups.add(secret_group)
    client = Client()
    client.force_login(user)
    return client
