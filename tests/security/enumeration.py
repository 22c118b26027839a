"""Every URL of the site: every URL pattern of the project's resolver (Wagtail's admin and
Django's admin included), filled with real ids, keys and paths from the seeded site, and every
page, routable sub-page, document, image, rendition and media file.

A pattern is covered when at least one URL requested by the tests resolves to it; one that is
neither covered nor listed in EXCLUDED (with a reason) fails `test_every_url_pattern_...`, so a
newly added pattern is requested automatically or has to be explained."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site, TaskState, WorkflowState

from intranet.ledning import models as ledning_models
from intranet.ledning.models import GovernedDocument, ReadRequest

from .site import SeededSite

ADMIN_PREFIXES = ("admin/", "django-admin/")

# Patterns no test requests, each with the reason. Keep this list short.
EXCLUDED: dict[str, str] = {}

# Query strings added to every URL of the site outside the admin that answers with a page or
# JSON (not files): searches, tag filters and facets that would reach restricted content.
SEARCH_QUERIES: tuple[str, ...] = (
    "?q=nyckelskåp",
    "?q=Tallbacken",
    "?q=Ekbacken",
    "?q=Ekback",
    "?q=EKBACKEN-FILINNEHALL-7731",
    "?tagg=ekbacken-sekretess",
    "?tagg=nyckelskåp",
    "?typ=rutin&q=nyckelskåp",
)


@dataclass(frozen=True)
class Pattern:
    """One URL pattern: its full route (the key EXCLUDED uses), name and view."""

    route: str
    name: str
    chain: tuple[Any, ...]
    callback: Callable

    @property
    def is_admin(self) -> bool:
        return self.route.startswith(ADMIN_PREFIXES)

    @property
    def view(self) -> str:
        callback = getattr(self.callback, "view_class", None) or self.callback
        return f"{callback.__module__}.{getattr(callback, '__qualname__', callback)}"


def walk_patterns(patterns=None, chain: tuple = (), namespace: str = "") -> list[Pattern]:
    """Every URL pattern of the project's resolver, depth first."""
    found: list[Pattern] = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            found.extend(walk_patterns(entry.url_patterns, (*chain, entry), inner.strip(":")))
        elif isinstance(entry, URLPattern):
            full = (*chain, entry)
            route = join_route(full)
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else ""
            found.append(Pattern(route, name, full, entry.callback))
    return found


def join_route(chain: Iterable[Any]) -> str:
    """The route Django's ResolverMatch reports for a chain of patterns (it drops the "^" of
    every part after the first)."""
    route = ""
    for part in chain:
        text = str(part.pattern)
        route += text.removeprefix("^") if route else text
    return route


def route_of(path: str) -> str | None:
    """The full route of the pattern a path resolves to, or None."""
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


# --- values for parameters ----------------------------------------------------------------


def _ids(queryset) -> list[Any]:
    return list(queryset.values_list("pk", flat=True))


class Values:
    """Real values from the seeded site for the parameters of URL patterns.

    Outside the admin a parameter takes every value of its kind (every document key, every
    page id). In the admin, where the point is that staff get nothing, a parameter takes the
    restricted object of the model the pattern is about."""

    def __init__(self, site: SeededSite):
        self.site = site
        page = site.restricted_page
        page_type = ContentType.objects.get_for_model(page)
        workflow_state = (
            WorkflowState.objects.filter(
                base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk)
            )
            .order_by("-pk")
            .first()
        )
        task_state = (
            TaskState.objects.filter(workflow_state=workflow_state).order_by("-pk").first()
            if workflow_state
            else None
        )
        revision = Revision.page_revisions.filter(object_id=str(page.pk)).order_by("-pk").first()
        from django.contrib.auth.models import Group
        from taggit.models import Tag
        from wagtail.contrib.search_promotions.models import Query
        from wagtail.models import Task, Workflow

        from intranet.ledning.models import ChangeProposal, ProcessMap, ReadRequest
        from intranet.staff.models import Tool

        def first(model, default=1):
            return model.objects.order_by("pk").values_list("pk", flat=True).first() or default

        self.admin_objects: list[tuple[str, Any]] = [
            # (route prefix, pk of the object a "pk" there means)
            ("admin/snippets/ledning/governeddocument/", site.private_document.pk),
            ("admin/snippets/choose/ledning/governeddocument/", site.private_document.pk),
            ("admin/snippets/ledning/processmap/", first(ProcessMap)),
            ("admin/snippets/choose/ledning/processmap/", first(ProcessMap)),
            ("admin/snippets/ledning/workplace/", site.workplace.pk),
            ("admin/snippets/choose/ledning/workplace/", site.workplace.pk),
            ("admin/snippets/ledning/changeproposal/", first(ChangeProposal)),
            ("admin/snippets/choose/ledning/changeproposal/", first(ChangeProposal)),
            ("admin/ledningssystem/laskvittens/", first(ReadRequest)),
            ("admin/snippets/staff/tool/", first(Tool)),
            ("admin/snippets/choose/staff/tool/", first(Tool)),
            ("admin/collections/", site.collection.pk),
            ("admin/users/", site.member.pk),
            ("admin/groups/", site.group.pk),
            ("admin/sites/", Site.objects.get(is_default_site=True).pk),
            ("admin/workflows/tasks/", first(Task)),
            ("admin/workflows/", first(Workflow)),
            ("admin/documents/", site.private_document.file_id),
            ("admin/api/main/^documents/", site.private_document.file_id),
            ("admin/images/", site.image.pk),
            ("admin/api/main/^images/", site.image.pk),
            ("django-admin/wagtaildocs/", site.private_document.file_id),
            ("django-admin/wagtailimages/", site.image.pk),
            ("django-admin/taggit/", Tag.objects.get(name=site_tag(site)).pk),
            ("django-admin/auth/group/", site.group.pk),
            ("django-admin/auth/user/", site.member.pk),
            ("admin/", page.pk),  # pages, the page API, choosers: the restricted page
        ]
        self.named: dict[str, list[Any]] = {
            "revision_id": [revision.pk if revision else 1],
            "revision_id_a": ["earliest"],
            "revision_id_b": ["latest"],
            "workflow_state_id": [workflow_state.pk if workflow_state else 1],
            "task_state_id": [task_state.pk if task_state else 1],
            "task_id": [task_state.task_id if task_state else first(Task)],
            "destination_id": [site.area.pk],
            "action_name": ["approve"],
            "action": ["delete"],
            "app_label": ["ledning"],
            "model_name": ["processpage"],
            "content_type_app_name": ["ledning"],
            "content_type_model_name": ["processpage"],
            "app_name": ["ledning"],
            "session_id": [1],
            "uidb64": ["MQ"],
            "token": ["set-password"],
            "content_type_id": [page_type.pk],
            "url": ["finns-inte/"],
            "id": [site.member.pk],
            "filter_spec": ["max-165x165"],
            "query_id": [first(Query)],
        }
        self.group_ids = Group.objects.values_list("pk", flat=True)

    def for_parameter(self, route: str, name: str, converter: str) -> list[Any]:
        site = self.site
        if route.startswith(ADMIN_PREFIXES):
            if name in self.named:
                return self.named[name]
            if converter in ("int", "str", "path", "slug", "regex") or name.endswith("id"):
                # The object the admin pattern is about (ids of things the seeded site does
                # not have, e.g. an upload in progress, stand at 1).
                for prefix, pk in self.admin_objects:
                    if route.startswith(prefix) and (name in OBJECT_PARAMETERS):
                        return [pk]
                return [1] if converter != "slug" or name.endswith("id") else []
            return []
        # The site itself: every value of the kind.
        if name == "key":
            return list(GovernedDocument.objects.values_list("key", flat=True))
        if name in ("page_id", "parent_page_id"):
            return _ids(Page.objects.filter(depth__gt=1))
        if name == "number":  # a governed document's approved versions
            versions = ledning_models.DocumentVersion.objects.values_list("number", flat=True)
            return sorted(set(versions))
        if name == "request_id":  # läskvittens: every request (the button posts there)
            return list(ReadRequest.objects.values_list("pk", flat=True))
        if name == "restriction_id":
            return [site.collection_restriction.pk]
        if name == "page_view_restriction_id":
            return [site.page_restriction.pk]
        if converter == "path" or name == "path":
            return media_paths()
        return []


def site_tag(site: SeededSite) -> str:
    from .site import PRIVATE_TAG

    return PRIVATE_TAG


# Parameters that name the object an admin pattern is about.
OBJECT_PARAMETERS = {
    "pk",
    "object_id",
    "page_id",
    "parent_page_id",
    "page_to_move_id",
    "page_pk",
    "collection_id",
    "image_id",
    "document_id",
    "doc_id",
}

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>")
# Unnamed parts of regular-expression patterns, and what stands in for them.
REGEX_SAMPLES = {
    r"(\d+)": "{document_id}",
    r"(.*)": "{document_name}",
    r"((?:[\w\-]+/)*)": "",
    r".*": "finns-inte",
}


def _group_end(pattern: str, start: int) -> int:
    """Index just past the group opening at pattern[start] ('(')."""
    depth = 0
    index = start
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise ValueError(f"unbalanced group in {pattern}")


def _regex_templates(regex: str) -> tuple[str, list[tuple[str, str]]]:
    """A format template for a regular-expression pattern and its (parameter, converter)s."""
    regex = regex.removeprefix("^").removesuffix("$").removesuffix("\\Z")
    parameters: list[tuple[str, str]] = []
    out, index = [], 0
    while index < len(regex):
        match = NAMED_GROUP.match(regex, index)
        if match:
            end = _group_end(regex, index)
            name = match.group("name")
            alternatives = regex[match.end() : end - 1]
            parameters.append((name, "regex:" + alternatives))
            out.append("{" + name + "}")
            index = end
            continue
        for sample, replacement in REGEX_SAMPLES.items():
            if regex.startswith(sample, index):
                out.append(replacement)
                index += len(sample)
                break
        else:
            char = regex[index]
            if char == "\\" and index + 1 < len(regex):
                out.append(regex[index + 1])
                index += 2
                continue
            if char in "{}":
                char *= 2
            out.append(char)
            index += 1
    return "".join(out), parameters


def pattern_template(pattern: Pattern) -> tuple[str, list[tuple[str, str]]]:
    """("/a/{x}/b/", [(name, converter)]) for any mix of path() and re_path() parts."""
    template, parameters = "", []
    for part in pattern.chain:
        pattern_obj = part.pattern
        text = str(pattern_obj)
        if pattern_obj.__class__.__name__ == "RoutePattern":
            escaped = text.replace("{", "{{").replace("}", "}}")

            def substitute(match):
                parameters.append((match.group("name"), match.group("converter") or "str"))
                return "{" + match.group("name") + "}"

            template += PARAMETER.sub(substitute, escaped)
        else:
            part_template, part_parameters = _regex_templates(text)
            template += part_template
            parameters.extend(part_parameters)
    return "/" + template, parameters


def fill(pattern: Pattern, values: Values) -> tuple[list[str], str]:
    """Concrete paths for a pattern (each checked to resolve back to it), and why none if so."""
    template, parameters = pattern_template(pattern)
    candidates: dict[str, list[Any]] = {}
    document = values.site.private_document.file
    extra = {
        "document_id": document.pk,
        "document_name": Path(document.file.name).name,
    }
    for name, converter in parameters:
        options = values.for_parameter(pattern.route, name, converter.split(":")[0])
        if converter.startswith("regex:"):
            expression = converter.removeprefix("regex:")
            options = [option for option in options if re.fullmatch(expression, str(option))]
            if not options:
                options = [alt for alt in expression.split("|") if re.fullmatch(r"[\w-]+", alt)]
        if not options:
            return [], f"no value for parameter <{converter}:{name}>"
        candidates[name] = options
    names = list(candidates)
    paths = []
    for combination in itertools.product(*(candidates[name] for name in names)):
        arguments = dict(zip(names, combination, strict=True))
        path = template.format(
            **{**extra, **{k: quote(str(v), safe="/") for k, v in arguments.items()}}
        )
        path = path.replace("//", "/")
        if route_of(path) == pattern.route:
            paths.append(path)
    if not paths:
        return [], f"no filled path resolves back to it (template {template})"
    return paths, ""


# --- object URLs --------------------------------------------------------------------------


def media_paths() -> list[str]:
    """Every file under MEDIA_ROOT, relative to it."""
    root = Path(str(settings.MEDIA_ROOT))
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def _local(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc not in ("testserver", ""):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def routable_sub_urls(page: Page) -> list[str]:
    """The URLs of a routable page's own views (e.g. a process map page per map block, the
    news list's "mina/")."""
    specific = page.specific
    if not isinstance(specific, RoutablePageMixin) or not page.url:
        return []
    block_ids = []
    for field in specific._meta.get_fields():
        if field.__class__.__name__ == "StreamField":
            block_ids += [block.id for block in getattr(specific, field.name) or []]
    urls = []
    for sub in walk_patterns(specific.get_resolver().url_patterns):
        template, parameters = pattern_template(sub)
        names = [name for name, _converter in parameters]
        if not names:
            urls.append(page.url + template.lstrip("/"))
        elif names == ["block_id"]:
            urls += [page.url + template.lstrip("/").format(block_id=b) for b in block_ids]
    return urls


def object_urls(site: SeededSite) -> list[str]:
    """Every page (with its routable sub-pages), governed document, Wagtail document, image,
    rendition and media file of the site, as the URLs the site itself gives them."""
    from wagtail.images.models import Rendition

    urls: list[str | None] = []
    for page in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        urls.append(page.url)
        urls += routable_sub_urls(page)
    for document in GovernedDocument.objects.order_by("pk"):
        urls.append(document.get_absolute_url())
        urls.append(document.open_url)
    for version in ledning_models.DocumentVersion.objects.select_related("document"):
        urls += [version.get_absolute_url(), version.file_url]
    for file in get_document_model().objects.order_by("pk"):
        urls.append(file.url)
        urls.append(file.file.url)
    for image in get_image_model().objects.order_by("pk"):
        urls.append(image.file.url)
    for rendition in Rendition.objects.order_by("pk"):
        urls.append(rendition.url)
        urls.append(rendition.file.url)
    media_url = settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else "/media/"
    urls += [media_url + name for name in media_paths()]
    local = (_local(url) for url in urls)
    return list(dict.fromkeys(url for url in local if url))


@dataclass
class Inventory:
    patterns: list[Pattern]
    urls_by_route: dict[str, list[str]]
    unfilled: dict[str, str]

    @property
    def uncovered(self) -> dict[str, str]:
        return {
            route: reason
            for route, reason in self.unfilled.items()
            if not self.urls_by_route.get(route) and route not in EXCLUDED
        }

    def urls(self, predicate: Callable[[Pattern], bool] = lambda pattern: True) -> list[str]:
        wanted = {pattern.route for pattern in self.patterns if predicate(pattern)}
        return [url for route in wanted for url in self.urls_by_route.get(route, [])]

    def pattern_of(self, route: str) -> Pattern:
        return next(pattern for pattern in self.patterns if pattern.route == route)


def inventory(site: SeededSite) -> Inventory:
    """Every pattern with the URLs that request it."""
    patterns = walk_patterns()
    values = Values(site)
    by_route: dict[str, list[str]] = {pattern.route: [] for pattern in patterns}
    unfilled: dict[str, str] = {}
    for url in object_urls(site):
        route = route_of(url)
        if route is not None:
            by_route.setdefault(route, []).append(url)
    for pattern in patterns:
        if pattern.route in EXCLUDED:
            continue
        paths, reason = fill(pattern, values)
        for path in paths:
            if path not in by_route[pattern.route]:
                by_route[pattern.route].append(path)
        if not by_route[pattern.route]:
            unfilled[pattern.route] = reason
    return Inventory(patterns, by_route, unfilled)


def with_queries(urls: Iterable[str]) -> list[str]:
    """Each URL, and each with the search and filter queries appended."""
    out = []
    for url in urls:
        out.append(url)
        if "?" not in url:
            out += [url + query for query in SEARCH_QUERIES]
    return out
