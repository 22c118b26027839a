"""Pages and governed documents built without looking through their model's fields each time.

django-modelcluster's ClusterableModel (the base of every Wagtail page and of the governed
documents) lists its model's child relations on every instance it builds, to see whether the
constructor was handed any: two passes over all of the model's fields (a page has a hundred)
for each page routed, each menu entry and bookmark, each of the 50 documents of a document
index page. In a profile of the load test's mix that was 7–12 % of a page view's CPU. The
names depend on the model only, so this site works them out once per model, and skips them
altogether when the constructor gets no keyword arguments (rows from the database never do);
an instance handed child objects is built by modelcluster's own code as before. Applied once,
at startup (PortalConfig.ready).
"""

from __future__ import annotations

from typing import Any

from modelcluster.models import (
    ClusterableModel,
    get_all_child_m2m_relations,
    get_all_child_relations,
)

_names: dict[type, frozenset[str]] = {}


def child_relation_names(model: type) -> frozenset[str]:
    """The names a ClusterableModel's constructor takes child objects by (as modelcluster
    lists them), worked out once per model."""
    names = _names.get(model)
    if names is None:
        names = frozenset(
            [rel.get_accessor_name() for rel in get_all_child_relations(model)]
            + [field.name for field in get_all_child_m2m_relations(model)]
        )
        _names[model] = names
    return names


def build_clusterables_quickly() -> None:
    """Replace ClusterableModel.__init__ by one that looks up the names once (idempotent)."""
    if getattr(ClusterableModel, "child_names_cached", False):
        return
    original = ClusterableModel.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if kwargs and not child_relation_names(type(self)).isdisjoint(kwargs):
            original(self, *args, **kwargs)
        else:
            super(ClusterableModel, self).__init__(*args, **kwargs)

    ClusterableModel.__init__ = __init__
    ClusterableModel.child_names_cached = True
