"""The demo's staff content: the tool catalogue, news and the demo staff member's workplace,
loaded as often as one likes with the same result."""

from __future__ import annotations

import pytest

from intranet.portal.demo.staff import STAFF_WORKPLACES, TOOLS, load_demo_staff_content
from intranet.staff import selectors
from intranet.staff.models import NewsIndexPage, NewsPage, Tool

from .conftest import WorkplaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_workplaces(db):
    root = WorkplaceFactory(key="socialforvaltningen", name="Socialförvaltningen")
    vo = WorkplaceFactory(key="vo", name="Vård och omsorg", parent=root)
    WorkplaceFactory(key="ifo", name="IFO", parent=root)
    for number in (1, 2, 3):
        WorkplaceFactory(key=f"hemtjanst-omr-{number}", name=f"Område {number}", parent=vo)


def test_load_demo_staff_content_is_idempotent(home_page, demo_workplaces, staff_user):
    first = load_demo_staff_content(home_page)
    second = load_demo_staff_content(home_page)

    assert Tool.objects.count() == len(TOOLS)
    assert NewsIndexPage.objects.count() == 1
    assert NewsPage.objects.live().count() == len(first.news) == len(second.news) == 5
    assert [tool.pk for tool in first.tools] == [tool.pk for tool in second.tools]

    # The demo member of staff works in hemtjänst område 2 and gets its news and tools.
    assert sorted(
        selectors.WorkplaceTree.load().names(selectors.user_workplace_ids(staff_user))
    ) == ["Område 2"]
    assert len(STAFF_WORKPLACES) == 1
    titles = [news.title for news in selectors.latest_news(staff_user)]
    assert "Nya nyckelrutiner i hemtjänst område 2" in titles
    assert "IFO: ny rutin för mottagning av orosanmälningar" not in titles
    shortcuts = [item.name for item in selectors.shortcuts_for(staff_user)]
    assert "Phoniro Care" in shortcuts and "HR-web (personalsystem)" in shortcuts
    assert "Treserva" not in shortcuts
