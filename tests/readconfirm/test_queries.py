"""Query budgets: HEM and Min sida cost the same with 5 and 50 open requests (and less with
none: tests/readconfirm/test_cache.py), and the
follow-up of a request the same for 10 people as for 600 (the benchmark opens one for 5,000)."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intranet.ledning.readconfirm import services
from intranet.staff.services import set_workplaces
from tests.conftest import text_of
from tests.factories import GovernedDocumentFactory
from tests.governance.conftest import publish_initial

from .conftest import choose_workplaces

pytestmark = pytest.mark.django_db

DUE = timezone.localdate() + datetime.timedelta(days=30)


def open_requests(count: int, workplace, start: int = 0) -> None:
    """Requests on ``count`` new documents, as an approval with a läskvittens opens them."""
    for number in range(start, start + count):
        document = publish_initial(GovernedDocumentFactory(title=f"Rutin {number:03d}"))
        services.open_request(
            document, document.live_revision, due_on=DUE, workplaces=[workplace.pk]
        )


def queries(client, url: str) -> int:
    client.get(url)  # warm caches (menus, site root paths) as a browsing person has them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/", "/min-sida/"])
def test_hem_and_min_sida_cost_the_same_with_1_5_and_50_requests(client, site, workplace, url):
    member = site.users["medarbetare"]
    choose_workplaces(client, member, workplace)
    none_open = queries(client, url)
    open_requests(1, workplace, start=50)
    counts = [queries(client, url)]
    open_requests(5, workplace)
    counts.append(queries(client, url))
    html = BeautifulSoup(client.get(url).content, "html.parser")
    section = html.select_one("[data-read-confirmations]")
    assert text_of(section.select_one("h2")) == "Att läsa och bekräfta"
    # Newest first, each with its due date.
    lines = [text_of(item) for item in section.select("li")]
    assert lines == [
        f"Rutin {number:03d} bekräfta senast {DUE.isoformat()}" for number in (4, 3, 2, 1, 0, 50)
    ]
    open_requests(45, workplace, start=5)
    counts.append(queries(client, url))
    assert "Rutin 049" in client.get(url).content.decode()
    assert counts[0] == counts[1] == counts[2], counts
    assert none_open < counts[0], (none_open, counts)


def test_the_follow_up_costs_the_same_for_10_and_600_people(client, site, workplace, staff_members):
    """Half of the people are asked through a group, half through the workplace they chose
    on Min sida (the same service as its form)."""
    group = Group.objects.create(name="Hela hemtjänsten")
    document = publish_initial(GovernedDocumentFactory(title="Rutin Nyckelhantering"))
    read_request = services.open_request(
        document,
        document.live_revision,
        due_on=DUE,
        groups=[group.pk],
        workplaces=[workplace.pk],
    )
    url = reverse("ledning_readconfirm:detail", args=[read_request.pk])
    client.force_login(site.users["redaktor"])
    counts = []
    for number, prefix in ((10, "a"), (590, "b")):
        people = staff_members(number, prefix=f"person-{prefix}")
        half = len(people) // 2
        group.user_set.add(*people[:half])
        for person in people[half:]:
            set_workplaces(person, [workplace])
        services.confirm(people[0], read_request)
        counts.append(queries(client, url))
    html = client.get(url).content.decode()
    assert "2 av 600 (0 %)" in html
    assert "0 av 300 (0 %)" in html and "2 av 300 (1 %)" in html  # the workplace, the group
    assert counts[0] == counts[1], counts
