"""Fixtures for the staff features: an organisation tree, a news list with news for different
workplaces, a tool catalogue and two members of staff who must not see each other's data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import factory
import pytest
import wagtail_factories
from django.test import Client
from factory.django import DjangoModelFactory

from intranet.ledning.models import Workplace
from intranet.staff.models import NewsIndexPage, NewsPage, Tool

from ..conftest import PASSWORD


class WorkplaceFactory(DjangoModelFactory):
    class Meta:
        model = Workplace
        django_get_or_create = ("key",)

    name = factory.Sequence(lambda n: f"Arbetsplats {n}")
    key = factory.Sequence(lambda n: f"arbetsplats-{n}")


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Nyheter"
    slug = "nyheter"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    """A live news item; pass workplaces=[...] to target it."""

    title = factory.Sequence(lambda n: f"Nyhet {n}")
    intro = "En kort ingress."
    date = factory.LazyFunction(datetime.date.today)

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    @factory.post_generation
    def workplaces(self, create, extracted, **kwargs):
        if create and extracted:
            self.workplaces.set(extracted)
            self.save()


class ToolFactory(DjangoModelFactory):
    class Meta:
        model = Tool
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Verktyg {n}")
    url = factory.Sequence(lambda n: f"https://verktyg{n}.kommun.example/")
    sort_order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def default_workplaces(self, create, extracted, **kwargs):
        if create and extracted:
            self.default_workplaces.set(extracted)


@dataclass
class Org:
    """Socialförvaltningen → Vård och omsorg → Hemtjänst område 1 / 2; and IFO."""

    forvaltning: Workplace
    vo: Workplace
    omrade1: Workplace
    omrade2: Workplace
    ifo: Workplace


@pytest.fixture
def org(db) -> Org:
    forvaltning = WorkplaceFactory(key="socialforvaltningen", name="Socialförvaltningen")
    vo = WorkplaceFactory(key="vo", name="Vård och omsorg", parent=forvaltning)
    return Org(
        forvaltning=forvaltning,
        vo=vo,
        omrade1=WorkplaceFactory(key="omrade-1", name="Hemtjänst område 1", parent=vo),
        omrade2=WorkplaceFactory(key="omrade-2", name="Hemtjänst område 2", parent=vo),
        ifo=WorkplaceFactory(key="ifo", name="Individ- och familjeomsorgen", parent=forvaltning),
    )


@pytest.fixture
def news_index(home_page) -> NewsIndexPage:
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def make_news(news_index):
    def make(title: str, workplaces=(), days_ago: int = 0, **kwargs) -> NewsPage:
        return NewsPageFactory(
            parent=news_index,
            title=title,
            date=datetime.date.today() - datetime.timedelta(days=days_ago),
            workplaces=list(workplaces),
            **kwargs,
        )

    return make


@pytest.fixture
def tools(org) -> dict[str, Tool]:
    """A part of the seed's catalogue: HR-web for everyone, Phoniro Care by default in Vård
    och omsorg, Combine in IFO, Kolada for nobody by default."""
    return {
        "hr": ToolFactory(
            name="HR-web",
            description="personalsystem",
            url="https://hrweb.kommun.example/",
            default_for_everyone=True,
        ),
        "phoniro": ToolFactory(
            name="Phoniro Care",
            url="https://phoniro.kommun.example/",
            default_workplaces=[org.vo],
        ),
        "combine": ToolFactory(
            name="Combine (myndighetssidan)",
            url="https://combine.kommun.example/",
            default_workplaces=[org.ifo],
        ),
        "kolada": ToolFactory(name="Kolada", url="https://www.kolada.se/"),
    }


@pytest.fixture
def other_user(django_user_model):
    """Another member of staff, whose data the first must never reach."""
    return django_user_model.objects.create_user(
        username="kollega", password=PASSWORD, first_name="Kalle", last_name="Kollega"
    )


@pytest.fixture
def other_client(other_user):
    client = Client()
    client.force_login(other_user)
    return client
