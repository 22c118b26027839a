"""Demo content for läskvittens (read confirmation): who may follow it up, and one open request
for *Hemtjänst område 2* with some of its staff having confirmed.

Idempotent: the permissions are added to the groups again (no duplicates), the request is
opened only if the process page has none, the demo staff of område 2 only if missing. The
request is opened by the same service an approval with a läskvittens calls.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from intranet.ledning.models import ProcessPage, ReadRequest, Workplace
from intranet.ledning.readconfirm import services
from intranet.staff import services as staff_services

from .users import APPROVERS, LS_ADMINS

WORKPLACE = "hemtjanst-omr-2"
PAGE_SLUG = "verkstalla-beslut-om-hemtjanst"
# Staff of område 2 who appear in the follow-up (they cannot log in: no password).
STAFF = (
    ("anna.berg", "Anna", "Berg", True),
    ("omar.haddad", "Omar", "Haddad", True),
    ("lisa.nyberg", "Lisa", "Nyberg", True),
    ("karin.ek", "Karin", "Ek", False),
    ("johan.lind", "Johan", "Lind", False),
)
# Who may see the follow-up (and the names of those who have not confirmed).
FOLLOW_UP_GROUPS = (LS_ADMINS, APPROVERS)
PERMISSIONS = ("view_readconfirm_report", "view_readconfirm_names_report")


@dataclass
class ReadDemoResult:
    request: ReadRequest | None = None
    created: bool = False
    confirmed: list[str] = field(default_factory=list)


def grant_follow_up() -> None:
    permissions = Permission.objects.filter(
        content_type__app_label="ledning", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name__in=FOLLOW_UP_GROUPS):
        group.permissions.add(*permissions)


@transaction.atomic
def load_demo_read_confirmation() -> ReadDemoResult:
    grant_follow_up()
    result = ReadDemoResult()
    workplace = Workplace.objects.filter(key=WORKPLACE).first()
    page = ProcessPage.objects.filter(slug=PAGE_SLUG).first()
    if workplace is None or page is None or page.live_revision is None:
        return result
    existing = ReadRequest.objects.filter(page=page).first()
    if existing is not None:
        result.request = existing
        return result
    users = []
    user_model = get_user_model()
    for username, first, last, confirmed in STAFF:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@kommun.example",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            staff_services.set_workplaces(user, [workplace])
        users.append((user, confirmed))
    result.request = services.open_request(
        page,
        page.live_revision,
        due_on=timezone.localdate() + datetime.timedelta(days=21),
        workplaces=[workplace.pk],
        include_subworkplaces=True,
    )
    result.created = True
    for user, confirmed in users:
        if confirmed:
            services.confirm(user, result.request)
            result.confirmed.append(user.username)
    return result
