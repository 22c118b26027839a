"""Django's model backend, with a person's own and their groups' permissions read in one query
(a UNION ALL) instead of two: every staff page asks one permission (may this person open the
admin?), so this is one query less on every page a logged-in person views."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Value


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
            fields = ("content_type__app_label", "codename", "source")
            own = Permission.objects.filter(user=user_obj).annotate(source=Value("user"))
            groups = Permission.objects.filter(group__user=user_obj).annotate(source=Value("group"))
            found: dict[str, set[str]] = {"user": set(), "group": set()}
            rows = (
                own.order_by()
                .values_list(*fields)
                .union(groups.order_by().values_list(*fields), all=True)
                .order_by()  # Permission's Meta ordering names columns the union lacks
            )
            for app_label, codename, source in rows:
                found[source].add(f"{app_label}.{codename}")
            # The caches ModelBackend itself fills and reads (get_user_permissions,
            # get_group_permissions), so that both are answered from this one query.
            user_obj._user_perm_cache = found["user"]
            user_obj._group_perm_cache = found["group"]
        return super().get_all_permissions(user_obj, obj)
