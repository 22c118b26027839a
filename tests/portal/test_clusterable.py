"""Pages and governed documents are built without a pass over their model's fields each time
(intranet/portal/clusterable.py), and still take child objects as modelcluster does."""

from __future__ import annotations

import pytest
from modelcluster.models import (
    ClusterableModel,
    get_all_child_m2m_relations,
    get_all_child_relations,
)
from taggit.models import Tag
from wagtail.models import Page

from intranet.ledning.models import GovernedDocument, GovernedDocumentTag, ProcessPage
from intranet.portal.clusterable import child_relation_names


@pytest.mark.parametrize("model", [Page, ProcessPage, GovernedDocument])
def test_the_names_are_modelclusters_own(model):
    expected = {rel.get_accessor_name() for rel in get_all_child_relations(model)} | {
        field.name for field in get_all_child_m2m_relations(model)
    }
    assert child_relation_names(model) == expected
    assert getattr(ClusterableModel, "child_names_cached", False)


def test_child_objects_handed_to_the_constructor_are_kept():
    tag = Tag(name="hemtjänst")
    document = GovernedDocument(title="Rutin Larm", tagged_items=[GovernedDocumentTag(tag=tag)])
    assert [item.tag.name for item in document.tagged_items.all()] == ["hemtjänst"]


@pytest.mark.django_db
def test_rows_from_the_database_are_whole(site_tree):
    page = ProcessPage.objects.get(pk=site_tree.process.pk)
    assert page.title == site_tree.process.title and page.body == site_tree.process.body
    document = next(iter(site_tree.documents.values()))
    assert GovernedDocument.objects.get(pk=document.pk).title == document.title
