"""Django's model backend, with a person's own and their groups' permissions read in one query
(a UNION ALL) instead of two: every staff page asks one permission (may this person open the
admin?), so this is one query less on every page a logged-in person views. The query is built
and compiled once per database (for a stand-in user id swapped for the person's own when it
runs): building it through the ORM cost more CPU than running it, on every page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connections, router
from django.db.models import Value

_ANY_USER = -2_017_000_017  # within a 32-bit id: out of range, Django finds no row
_compiled: dict[str, tuple[str, tuple]] = {}


def _permissions_query(user_id: int):
    fields = ("content_type__app_label", "codename", "source")
    own = Permission.objects.filter(user__pk=user_id).annotate(source=Value("user"))
    groups = Permission.objects.filter(group__user__pk=user_id).annotate(source=Value("group"))
    return (
        own.order_by()
        .values_list(*fields)
        .union(groups.order_by().values_list(*fields), all=True)
        .order_by()  # Permission's Meta ordering names columns the union lacks
    )


def permission_rows(user_id: int) -> list[tuple[str, str, str]]:
    """(app label, codename, "user" or "group") of the person's own and groups' permissions."""
    alias = router.db_for_read(Permission)
    compiled = _compiled.get(alias)
    if compiled is None:
        compiled = _compiled[alias] = (
            _permissions_query(_ANY_USER).query.get_compiler(alias).as_sql()
        )
    sql, params = compiled
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, tuple(user_id if param == _ANY_USER else param for param in params))
        return cursor.fetchall()


class ModelBackendOneQuery(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if (
            user_obj.is_active
            and not user_obj.is_anonymous
            and obj is None
            and not user_obj.is_superuser
            and not hasattr(user_obj, "_perm_cache")
            and not hasattr(user_obj, "_user_perm_cache")
            and not hasattr(user_obj, "_group_perm_cache")
        ):
            found: dict[str, set[str]] = {"user": set(), "group": set()}
            for app_label, codename, source in permission_rows(user_obj.pk):
                found[source].add(f"{app_label}.{codename}")
            # The caches ModelBackend itself fills and reads (get_user_permissions,
            # get_group_permissions), so that both are answered from this one query.
            user_obj._user_perm_cache = found["user"]
            user_obj._group_perm_cache = found["group"]
        return super().get_all_permissions(user_obj, obj)
