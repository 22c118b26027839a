"""The model backend reads a person's own and their groups' permissions in one query, compiled
once and run for each person with their own id: each person gets exactly their own."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def access_admin():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def fresh(user_model, user):
    return user_model.objects.get(pk=user.pk)  # no permission caches


def test_own_and_group_permissions_each_person_their_own(django_user_model, access_admin):
    own = django_user_model.objects.create_user("egen")
    own.user_permissions.add(access_admin)
    member = django_user_model.objects.create_user("gruppmedlem")
    editors = Group.objects.create(name="Redaktörer i testet")
    editors.permissions.add(access_admin)
    member.groups.add(editors)
    neither = django_user_model.objects.create_user("ingen")

    for user, expected in ((own, True), (member, True), (neither, False), (own, True)):
        user = fresh(django_user_model, user)
        with CaptureQueriesContext(connection) as queries:
            assert user.has_perm("wagtailadmin.access_admin") is expected, user.username
            assert user.has_perm("wagtailadmin.access_admin") is expected  # cached
        assert len(queries) == 1
    member = fresh(django_user_model, member)
    assert member.get_group_permissions() == {"wagtailadmin.access_admin"}
    assert member.get_user_permissions() == set()
    own = fresh(django_user_model, own)
    assert own.get_user_permissions() == {"wagtailadmin.access_admin"}
    assert own.get_group_permissions() == set()
