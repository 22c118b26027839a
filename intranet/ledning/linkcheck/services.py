"""A full link check: extract every link from the live content, store where each stands, check
internal targets in the database and external ones over HTTP, store the verdicts."""

from __future__ import annotations

import dataclasses
import datetime
import fnmatch
import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import conf
from . import extract
from .addresses import Target
from .config import CheckConfig
from .internal import check_internal, resolve_path
from .models import (
    PROBLEM_VERDICTS,
    Link,
    LinkCheckRun,
    LinkKind,
    LinkPlace,
    Verdict,
    url_key,
)
from .result import Result
from .worker import HttpWorkers

logger = logging.getLogger(__name__)

Progress = Callable[[str, Result], None]

# Ids per UPDATE … WHERE id IN (…): well under SQLite's limit of bound parameters.
UPDATE_BATCH = 900


@dataclass
class RunSummary:
    links: int = 0
    places: int = 0
    checked: int = 0
    cached: int = 0
    verdicts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    run_id: int | None = None

    @property
    def problems(self) -> int:
        return sum(self.verdicts[verdict] for verdict in PROBLEM_VERDICTS)


def skip_reason(url: str, patterns: list[str] | None = None) -> str:
    """Why an external URL is not checked (LEDNING_LINKCHECK_SKIP), or ""."""
    patterns = conf.get("LINKCHECK_SKIP") if patterns is None else patterns
    host = (urlsplit(url).hostname or "").lower()
    for pattern in patterns or []:
        pattern = pattern.strip()
        if not pattern:
            continue
        if "://" in pattern:
            matched = url.startswith(pattern) or fnmatch.fnmatchcase(url, pattern)
        else:
            matched = fnmatch.fnmatchcase(host, pattern.lower())
        if matched:
            return _("Hoppas över enligt inställningen (%(pattern)s).") % {"pattern": pattern}
    return ""


def _resolved(
    found: list[extract.Found], cache: dict[str, Target] | None = None
) -> list[extract.Found]:
    """Paths on the site itself become the internal targets they name."""
    cache = {} if cache is None else cache
    for item in found:
        if item.target.path:
            if item.target.path not in cache:
                cache[item.target.path] = resolve_path(item.target)
            item.target = cache[item.target.path]
    return found


@transaction.atomic
def store_places(found: list[extract.Found]) -> dict[str, Link]:
    """Replace every stored place with the ones found; keep each URL's row (and its history);
    drop URLs that no longer stand anywhere. Returns the links by URL."""
    targets: dict[str, Target] = {}
    for item in found:
        targets.setdefault(item.target.url, item.target)
    keys = {url: url_key(url) for url in targets}
    existing = set(
        Link.objects.filter(key__in=keys.values()).values_list("key", flat=True).iterator()
    )
    new = [
        Link(key=keys[url], url=url, kind=target.kind)
        for url, target in targets.items()
        if keys[url] not in existing
    ]
    # ignore_conflicts: a run started at the same moment may have added the same URL.
    Link.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    # Only what the run reads back (the id, and the verdict of a link not checked again).
    links = {
        link.url: link
        for link in Link.objects.filter(key__in=keys.values())
        .only("pk", "url", "verdict")
        .iterator()
    }
    LinkPlace.objects.all().delete()
    places = [
        LinkPlace(
            link=links[item.target.url],
            page_id=item.page_id,
            document_id=item.document_id,
            title=item.title,
            field=item.field,
            block_path=item.block_path,
            block_id=item.block_id,
            text=item.text,
            owner_role=item.owner_role,
        )
        for item in found
    ]
    LinkPlace.objects.bulk_create(places, batch_size=500)
    through = LinkPlace.owners.through
    owner_rows = [
        through(linkplace_id=place.pk, user_id=user_id)
        for place, item in zip(places, found, strict=True)
        for user_id in dict.fromkeys(item.owner_ids)
    ]
    through.objects.bulk_create(owner_rows, batch_size=500)
    Link.objects.filter(places__isnull=True).delete()
    return links


def _changes(result: Result, now: datetime.datetime) -> dict[str, Any]:
    """The columns a result sets on its link; the same for every link with the same result."""
    changes: dict[str, Any] = {
        "verdict": result.verdict,
        "status": result.status,
        "error": result.error[:2000],
        "redirect_to": result.redirect_to,
        "redirects": result.redirects,
        "last_checked_at": now,
    }
    if result.verdict in PROBLEM_VERDICTS:
        # Broken since the first run that found it so; a report already sent stays sent.
        changes["first_broken_at"] = Coalesce(F("first_broken_at"), Value(now))
    else:
        changes["first_broken_at"] = None
        changes["reported_at"] = None
    if result.verdict == Verdict.OK:
        changes["last_ok_at"] = now
    return changes


def store_results(results: dict[str, Result], links: dict[str, Link]) -> Counter:
    """Write every verdict in a few set-based statements: one UPDATE per distinct result
    (a thousand working links are one statement). Returns the verdicts by count."""
    now = timezone.now()
    groups: dict[str, tuple[Result, list[int]]] = {}
    for url, result in results.items():
        key = json.dumps(dataclasses.asdict(result), sort_keys=True, default=str)
        groups.setdefault(key, (result, []))[1].append(links[url].pk)
    with transaction.atomic():  # all or nothing (run_full_check stores the run's end with it)
        for result, ids in groups.values():
            changes = _changes(result, now)
            for start in range(0, len(ids), UPDATE_BATCH):
                Link.objects.filter(pk__in=ids[start : start + UPDATE_BATCH]).update(**changes)
    verdicts = Counter(link.verdict for url, link in links.items() if url not in results)
    verdicts.update(result.verdict for result in results.values())
    return verdicts


def run_full_check(
    progress: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
    config: CheckConfig | None = None,
    while_waiting: Callable[[], None] | None = None,
) -> RunSummary:
    """One full check now. ``on_total(n)`` is told how many links will be checked before the
    first ``progress(url, result)``; ``while_waiting()`` is called once every link is known and
    before anything is stored (the command runs Django's system checks there).

    The HTTP checks run in processes of their own (``worker.HttpWorkers``), which get each page's
    external addresses as soon as extraction has found them, while this process goes on
    extracting, then stores the places and checks the internal links in the database. The
    verdicts are stored together, in one transaction, once every one is in: if the HTTP process
    dies, none is (``WorkerDied``), and the run stays unfinished.
    """
    started = timezone.now()
    clock = datetime.datetime.now()
    config = config or CheckConfig.from_settings()
    with HttpWorkers(config, int(conf.get("LINKCHECK_PROCESSES"))) as worker:
        run = LinkCheckRun.objects.create(started_at=started)
        fresh_after = started - datetime.timedelta(hours=float(conf.get("LINKCHECK_CACHE_HOURS")))
        fresh = set(
            Link.objects.filter(verdict=Verdict.OK, last_ok_at__gte=fresh_after)
            .values_list("key", flat=True)
            .iterator()
        )
        patterns = conf.get("LINKCHECK_SKIP")
        found: list[extract.Found] = []
        paths: dict[str, Target] = {}
        targets: dict[str, Target] = {}
        results: dict[str, Result] = {}
        internal_urls: list[str] = []
        external = cached = 0
        for items in extract.extract_each():
            _resolved(items, paths)
            found.extend(items)
            new_external = []
            for item in items:
                url, target = item.target.url, item.target
                if url in targets:
                    continue
                targets[url] = target
                if target.problem:
                    results[url] = Result(Verdict.BROKEN, error=target.problem)
                elif target.skip:
                    results[url] = Result(Verdict.SKIPPED, error=target.skip)
                elif target.kind in (LinkKind.MAILTO, LinkKind.TEL):
                    results[url] = Result(Verdict.OK)
                elif target.kind == LinkKind.EXTERNAL:
                    reason = skip_reason(url, patterns)
                    if reason:
                        results[url] = Result(Verdict.SKIPPED, error=reason)
                    elif url_key(url) in fresh:
                        cached += 1
                    else:
                        new_external.append(url)
                elif url.startswith(("page:", "document:", "image:", "governeddocument:")):
                    internal_urls.append(url)
                else:
                    results[url] = Result(Verdict.OK)  # another view of the site itself
            worker.submit(new_external)
            external += len(new_external)
        worker.close_input()
        if on_total is not None:
            on_total(len(results) + len(internal_urls) + external)
        if progress is not None:
            for url, result in results.items():
                progress(url, result)
        if while_waiting is not None:
            while_waiting()

        links = store_places(found)
        internal_results = check_internal(internal_urls)
        for url in internal_urls:
            result = internal_results.get(url) or Result(Verdict.ERROR, error=_("Okänt mål."))
            results[url] = result
            if progress is not None:
                progress(url, result)
        for url, result in worker.results():
            results[url] = result
            if progress is not None:
                progress(url, result)

    summary = RunSummary(links=len(links), places=len(found), run_id=run.pk, cached=cached)
    summary.checked = len(results)
    with transaction.atomic():
        summary.verdicts = store_results(results, links)
        summary.seconds = (datetime.datetime.now() - clock).total_seconds()
        run.finished_at = timezone.now()
        run.links = summary.links
        run.checked = summary.checked
        run.problems = summary.problems
        run.save()
    return summary


def set_ignored(link_id: int, user: Any, ignored: bool = True) -> Link | None:
    """Ignore a link in reports and e-mail ("ignorera länken"), or stop ignoring it."""
    link = Link.objects.filter(pk=link_id).first()
    if link is None:
        return None
    link.ignored = ignored
    link.ignored_by = user if ignored else None
    link.ignored_at = timezone.now() if ignored else None
    link.save(update_fields=["ignored", "ignored_by", "ignored_at"])
    return link
