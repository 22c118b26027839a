"""Private means private, URL by URL.

Every URL pattern of the project (the Wagtail and Django admins included) and every page,
routable sub-page, document, image, rendition and media file of a seeded site with one private
collection and one group-restricted page (tests/security/site.py) is requested by three
visitors:

- anonymous: the login page (a redirect to it), never content; only the explicit lists below
  answer without login;
- `medarbetare`, logged in but not in the group: not one byte of restricted content (bodies and
  headers compared with the site's secret phrases and the restricted files' bytes), a Swedish
  403 page for the restricted page itself, never a redirect loop, nothing from the admins;
- a member of the group: the restricted content.

Each sweep reports every offending URL in one failure message.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.urls import reverse
from wagtail.models import Page

from intranet.ledning.models import ApproverRole, Delivery, ReadRequest
from intranet.ledning.readconfirm import services

from . import site as seed
from .enumeration import EXCLUDED, Inventory, Pattern, inventory, route_of, with_queries
from .leaks import Answer, Findings, fetch, fetch_following, is_loop, login_as, secrets_in

pytestmark = pytest.mark.django_db

# Routes that answer an anonymous visitor with something other than a redirect to the login
# page. Nothing else may.
ANONYMOUS_OPEN: dict[str, str] = {
    "healthz": "the load balancer's health check: database and Redis status, no content",
    "favicon.ico": "the site's icon: a redirect to the static file (browsers ask before login)",
    f"{settings.STATIC_URL.strip('/')}/": "static assets (CSS, JavaScript, icons); a URL "
    "pattern only with DEBUG, whitenoise in production",
}
# Login forms: anonymous visitors get the form itself.
LOGIN_FORMS: dict[str, str] = {
    "logga-in/": "the site's login form",
    "admin/login/": "the Wagtail admin's login form",
    "django-admin/login/": "the Django admin's login form",
    "_util/login/": "Wagtail's login form for pages with a view restriction",
}
# Admin routes that answer a logged-in member of staff without admin access with a 200: none of
# them shows data. Every other admin route must send staff to a login form or refuse them.
ADMIN_OPEN_TO_STAFF: dict[str, str] = {
    **{route: reason for route, reason in LOGIN_FORMS.items() if route != "logga-in/"},
    "admin/sprite/": "the admin's SVG icon sprite",
    "admin/jsi18n/": "the admin's JavaScript translation catalogue",
    "admin/password_reset/": "Wagtail's password reset form (asks for an e-mail address)",
    "admin/password_reset/done/": "Wagtail's password reset: 'check your e-mail'",
    "admin/password_reset/confirm/<uidb64>/<token>/": "Wagtail's password reset: a bad link",
    "admin/password_reset/complete/": "Wagtail's password reset: 'done'",
}
# POST-only views are also posted to, naming the restricted page and the private document,
# except these.
NOT_POSTED: dict[str, str] = {
    "logga-ut/": "ends the session (tests/test_access.py covers logging out)",
}
REFUSALS = (403, 404, 405)


def is_file_route(pattern: Pattern) -> bool:
    return "serve" in pattern.view or pattern.route.startswith(settings.MEDIA_URL.strip("/"))


def secrets_of(site: seed.SeededSite) -> tuple[dict[str, str], dict[str, bytes]]:
    return site.secret_phrases, site.secret_bytes


def restricted_urls(site: seed.SeededSite, inv: Inventory) -> list[str]:
    """The restricted page, the pages below it and their routable sub-pages."""
    prefixes = [
        page.url for page in Page.objects.descendant_of(site.restricted_page, inclusive=True)
    ]
    return [
        url
        for url in inv.urls_by_route.get(route_of(site.restricted_page.url) or "", [])
        if any(url.startswith(prefix) for prefix in prefixes)
    ]


def check_secrets(findings: Findings, answers: Iterable[Answer], site: seed.SeededSite) -> None:
    phrases, blobs = secrets_of(site)
    for answer in answers:
        found = secrets_in(answer, phrases, blobs)
        if found:
            findings.add(answer, "holds " + ", ".join(found))


def sweep(site: seed.SeededSite, client, inv: Inventory, findings: Findings) -> list[Answer]:
    """Request every URL of the site outside the admins as the client's visitor: also with
    search and filter queries where a page or JSON answers, POST-only views also by POST
    (naming the restricted page and the private document); follow redirects within the site
    and note redirect loops in findings. Returns every answer."""
    answers: list[Answer] = []
    seen: set[str] = set()

    def get(url: str) -> Answer:
        seen.add(url)
        first = fetch(client, url)
        answers.append(first)
        if first.is_redirect:
            last, chain = fetch_following(client, url, first)
            answers.append(last)
            if is_loop(chain):
                findings.add(first, "redirect loop: " + " → ".join(chain))
        return first

    for pattern in inv.patterns:
        if pattern.is_admin:
            continue
        for url in inv.urls_by_route.get(pattern.route, []):
            if url in seen:
                continue
            first = get(url)
            if is_file_route(pattern):
                continue
            if first.status == 200 and first.content_type.startswith(
                ("text/html", "application/json")
            ):
                for variant in with_queries([url])[1:]:
                    if variant not in seen:
                        get(variant)
            elif first.status == 405 and pattern.route not in NOT_POSTED:
                data = {
                    "page": site.restricted_page.pk,
                    "document": site.private_document.key,
                    "follow": "1",
                    "next": "",
                }
                answers.append(fetch(client, url, "POST", data))
    return answers


@pytest.fixture
def inv(shared_seeded_site) -> Inventory:
    return inventory(shared_seeded_site)


@pytest.fixture
def site(shared_seeded_site) -> seed.SeededSite:
    return shared_seeded_site


# --- the enumeration itself -----------------------------------------------------------------


def test_every_url_pattern_is_requested_or_excluded_with_a_reason(site, inv):
    assert not inv.uncovered, "URL patterns no test requests (give their parameters a value in " + (
        "tests/security/enumeration.py, or add them to EXCLUDED with a reason):\n  "
        + "\n  ".join(f"{route}: {reason}" for route, reason in inv.uncovered.items())
    )
    routes = {pattern.route for pattern in inv.patterns}
    stale = sorted(set(EXCLUDED) - routes)
    assert not stale, f"EXCLUDED names patterns that no longer exist: {stale}"
    # The enumeration reached the admins, the restricted content and the files.
    requested = {url for urls in inv.urls_by_route.values() for url in urls}
    assert site.restricted_page.url in requested
    assert site.private_document.get_absolute_url() in requested
    assert site.private_document.file.url in requested
    assert any(url.startswith(settings.MEDIA_URL) for url in requested)
    assert sum(1 for pattern in inv.patterns if pattern.is_admin) > 100


# --- anonymous ------------------------------------------------------------------------------


def test_anonymous_visitors_get_the_login_page_and_nothing_else(site, inv):
    client = login_as(None)
    findings = Findings()
    answered: set[str] = set()
    for pattern in inv.patterns:
        for url in inv.urls_by_route.get(pattern.route, []):
            answer = fetch(client, url)
            check_secrets(findings, [answer], site)
            if answer.is_login_redirect:
                continue
            answered.add(pattern.route)
            if pattern.route in LOGIN_FORMS:
                if answer.status != 200 or 'type="password"' not in answer.text:
                    findings.add(answer, "a login form was expected")
            elif pattern.route not in ANONYMOUS_OPEN:
                findings.add(
                    answer, "answers without login (expected a redirect to the login page)"
                )
    findings.check("Anonymous visitors got more than the login page")
    assert "healthz" in answered, "the health check must answer without login"
    assert answered <= set(ANONYMOUS_OPEN) | set(LOGIN_FORMS)


# --- the outsider: logged in, not in the group ----------------------------------------------


def test_outsider_gets_no_byte_of_restricted_content_anywhere(site, inv):
    """Every URL outside the admins (test_staff_get_nothing_from_the_admins covers those)."""
    client = login_as(site.outsider)
    findings = Findings()
    answers = sweep(site, client, inv, findings)
    check_secrets(findings, answers, site)
    findings.check(
        f"Restricted content or redirect loops for {site.outsider.username} "
        f"({len(answers)} requests)"
    )


def test_outsider_gets_a_swedish_403_page_on_the_restricted_page(site, inv):
    client = login_as(site.outsider)
    findings = Findings()
    urls = restricted_urls(site, inv)
    assert site.restricted_page.url in urls
    for url in urls:
        answer = fetch(client, url)
        if answer.status != 403:
            last, chain = fetch_following(client, url)
            problem = "redirect loop: " + " → ".join(chain) if is_loop(chain) else ""
            findings.add(answer, problem or f"expected 403, ended at {last.describe()}")
            continue
        page = BeautifulSoup(answer.body, "html.parser")
        html_tag = page.find("html")
        words = page.get_text(" ").lower()
        if not (html_tag and html_tag.get("lang", "").startswith("sv")):
            findings.add(answer, "the 403 page is not marked as Swedish (html lang)")
        if not any(word in words for word in ("behörighet", "skyddad", "begränsad")):
            findings.add(answer, "the 403 page does not say in Swedish that the page is restricted")
        check_secrets(findings, [answer], site)
    findings.check("The restricted page did not answer with a Swedish 403")


@pytest.mark.parametrize("who", ["outsider", "member"])
def test_staff_get_nothing_from_the_admins(site, inv, who):
    user = getattr(site, who)
    client = login_as(user)
    findings = Findings()
    for pattern in inv.patterns:
        if not pattern.is_admin:
            continue
        for url in inv.urls_by_route.get(pattern.route, []):
            last, chain = fetch_following(client, url)
            if is_loop(chain):
                findings.add(last, "redirect loop: " + " → ".join(chain))
            elif pattern.route in ADMIN_OPEN_TO_STAFF:
                check_secrets(findings, [last], site)
            elif not (last.is_login_redirect or last.status in REFUSALS):
                findings.add(last, f"answered {user.username} (expected a login form or a refusal)")
            if who == "outsider":
                check_secrets(findings, [last], site)
    findings.check(f"The admins answered {user.username}")


PAGED_ADMIN_LISTS = (
    "admin/ledningssystem/rapporter/",
    "admin/ledningssystem/trasiga-lankar/",
    "admin/ledningssystem/laskvittens/",
)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member"])
def test_later_pages_and_exports_of_the_admin_lists_refuse_staff(site, inv, who):
    """The reports and follow-up lists page with Wagtail's ``?p=N`` and export with
    ``?export=``: a later page or an export is refused like the first page (a login form for
    the anonymous visitor, a refusal for staff in or outside the group)."""
    user = None if who == "anonymous" else getattr(site, who)
    client = login_as(user)
    findings = Findings()
    routes = [
        pattern.route
        for pattern in inv.patterns
        if pattern.route.startswith(PAGED_ADMIN_LISTS) and "<" not in pattern.route
    ]
    assert len(routes) >= 10, routes
    for route in routes:
        for url in inv.urls_by_route.get(route, []):
            for query in ("?p=2", "?p=999", "?p=2&export=csv", "?export=xlsx"):
                answer = fetch(client, url + query)
                check_secrets(findings, [answer], site)
                if not (answer.is_login_redirect or answer.status in REFUSALS):
                    findings.add(answer, "a later page or an export answered (expected refusal)")
    findings.check(f"Paged admin lists answered {who}")


# --- the known paths, one by one (the sweep above covers them too) --------------------------


def outsider_findings(site, urls: Iterable[str]) -> Findings:
    client = login_as(site.outsider)
    findings = Findings()
    for url in urls:
        first = fetch(client, url)
        check_secrets(findings, [first], site)
        if first.is_redirect:
            last, chain = fetch_following(client, url, first)
            check_secrets(findings, [last], site)
            if is_loop(chain):
                findings.add(first, "redirect loop: " + " → ".join(chain))
    return findings


def test_files_of_the_private_collection_are_not_served_to_outsiders(site, inv):
    from wagtail.images.models import Rendition

    urls = [site.private_document.file.url, site.private_document.file.file.url]
    urls.append(site.image.file.url)
    urls += [rendition.url for rendition in Rendition.objects.filter(image=site.image)]
    urls += [url for url in inv.urls_by_route.get(route_of(settings.MEDIA_URL + "x") or "", [])]
    findings = outsider_findings(site, dict.fromkeys(urls))
    findings.check("Private files served to the outsider")


def test_document_pages_list_no_private_document_for_outsiders(site):
    urls = with_queries(page.url for page in site.document_indexes)
    # A letter of its own, a text filter within it, a page of the list (?bokstav, ?q, ?sida).
    for page in site.document_indexes:
        urls += [f"{page.url}?bokstav=R", f"{page.url}?bokstav=R&q=Ekbacken", f"{page.url}?sida=2"]
    findings = outsider_findings(site, urls)
    findings.check("Private documents listed to the outsider")


def test_the_private_document_page_is_not_shown_to_outsiders(site):
    urls = [
        site.private_document.get_absolute_url(),
        site.private_document.get_absolute_url() + "?sida=2",
        reverse("ledning:propose_document", args=[site.private_document.key]),
    ]
    findings = outsider_findings(site, urls)
    findings.check("The private document's page shown to the outsider")


@pytest.mark.parametrize("query", ["", "?sida=2", "?sida=x"])
def test_used_in_processes_names_no_restricted_page_for_outsiders(site, query):
    answer = fetch(login_as(site.outsider), site.public_document.get_absolute_url() + query)
    assert answer.status == 200
    page = BeautifulSoup(answer.body, "html.parser")
    section = page.find(id="listad-pa")
    listed = section.find_parent("section").get_text(" ") if section else ""
    assert seed.PUBLIC_TITLE in listed, "the public process page is listed"
    listed = " ".join(listed.split())
    assert seed.RESTRICTED_TITLE not in listed, (
        f"'Används i processerna' on {answer.url} names the restricted page: {listed}"
    )


def test_news_about_a_restricted_change_is_not_shown_to_outsiders(site):
    urls = [
        site.home.url,
        site.news_index.url,
        site.news_index.url + "mina/",
        reverse("ledning:changes"),
        reverse("ledning:changes") + "?sida=2",
        reverse("ledning:changes") + "?sida=-1",
        reverse("staff:min_sida"),
    ]
    if site.news is not None:  # approving the change published a news item (site.notes if not)
        urls.append(site.news.url)
    findings = outsider_findings(site, urls)
    findings.check("News about restricted content shown to the outsider")


def test_search_and_autocomplete_find_nothing_restricted_for_outsiders(site):
    urls = [
        f"{path}{query}"
        for path in (
            reverse("search:search"),
            reverse("search:api"),
            reverse("search:autocomplete"),
        )
        for query in ("?q=nyckelskåp", "?q=Tallbacken", "?q=Ekbacken", "?q=Ekback", "?q=larmkod")
    ]
    findings = outsider_findings(site, urls)
    findings.check("Search showed restricted content to the outsider")


# --- counts and facets ----------------------------------------------------------------------


def test_counts_and_facets_count_only_what_the_outsider_may_see(site):
    client = login_as(site.outsider)
    findings = Findings()
    compared = 0
    for index in site.document_indexes:
        answer = fetch(client, index.url)
        page = BeautifulSoup(answer.body, "html.parser")
        for link in page.select("nav.tag-filter a"):
            count = link.select_one(".count")
            if count is None:
                continue
            shown = int(re.sub(r"\D", "", count.get_text()))
            filtered = fetch(client, link["href"])
            cards = BeautifulSoup(filtered.body, "html.parser").select("li.document-card")
            compared += 1
            if shown != len(cards):
                findings.add(
                    answer,
                    f"tag {link.get_text(' ').split('(')[0].strip()!r} counts {shown} "
                    f"but lists {len(cards)}",
                )
    for query in ("nyckelskåp", "Ekbacken", "Tallbacken"):
        api = fetch(client, reverse("search:api") + "?" + urlencode({"q": query}))
        data = api_json(api)
        if data["total"] != len(data["results"]) and len(data["results"]) < 10:
            findings.add(api, f"total {data['total']} but {len(data['results'])} results")
        answer = fetch(client, reverse("search:search") + "?" + urlencode({"q": query}))
        page = BeautifulSoup(answer.body, "html.parser")
        for link in page.select("a[href^='?']"):
            count = link.select_one(".search__count")
            if count is None:
                continue
            shown = int(re.sub(r"\D", "", count.get_text()))
            params = dict(parse_qsl(urlsplit(link["href"]).query))
            selected = api_json(fetch(client, reverse("search:api") + "?" + urlencode(params)))
            compared += 1
            if shown != selected["total"]:
                findings.add(
                    answer,
                    f"facet {link['href']} counts {shown}, selecting it finds {selected['total']}",
                )
    assert compared >= 4, "too few tag counts and facets to compare"
    findings.check("Counts include what the outsider may not see")


def api_json(answer: Answer) -> dict:
    import json

    assert answer.status == 200, answer.describe()
    return json.loads(answer.body)


# --- notices and e-mails --------------------------------------------------------------------


def recipients_of(message) -> set[str]:
    return {address.lower() for address in [*message.to, *message.cc, *message.bcc]}


def message_text(message) -> str:
    parts = [message.subject, message.body]
    parts += [content for content, _mimetype in getattr(message, "alternatives", [])]
    return "\n".join(str(part) for part in parts)


def test_emails_after_the_approval_tell_only_those_who_may_read(site):
    findings = Findings()
    outsider_address = site.outsider.email.lower()
    for message in site.emails:
        if outsider_address not in recipients_of(message):
            continue
        answer = Answer("MAIL", message.subject, 0, "", "", message_text(message).encode(), "")
        check_secrets(findings, [answer], site)
    deliveries = Delivery.objects.filter(recipient=site.outsider)
    for delivery in deliveries:
        findings.add(
            f"delivery {delivery.pk}",
            f"{site.outsider.username} is to be told: {delivery.notice.subject}",
        )
    member_mail = [m for m in site.emails if site.member.email.lower() in recipients_of(m)]
    if not any(seed.RESTRICTED_TITLE in message_text(m) for m in member_mail):
        findings.add("member", "the member of the group got no e-mail about the change")
    findings.check("E-mail about the restricted change")


# --- the member: in the group ---------------------------------------------------------------


def test_the_member_gets_the_restricted_content(site):
    client = login_as(site.member)
    problems: list[str] = []

    def expect(url: str, *texts: str) -> Answer:
        answer = fetch(client, url)
        if answer.status != 200:
            problems.append(f"{answer.describe()}: expected 200")
        for text in texts:
            if text not in answer.text:
                problems.append(f"{answer.describe()}: {text!r} is missing")
        return answer

    page = expect(site.restricted_page.url, seed.RESTRICTED_TITLE, seed.CHANGED_INTRO)
    figure = BeautifulSoup(page.body, "html.parser").select_one(".process-map")
    images = [img["src"] for img in figure.select("img")] if figure else []
    if not images:
        problems.append(f"{page.describe()}: the process map's image is missing")
    for src in images:
        answer = fetch(client, src)
        if answer.status != 200 or not answer.content_type.startswith("image/"):
            problems.append(
                f"{answer.describe()}: the map image did not load ({answer.content_type})"
            )
    detail = expect(
        site.private_document.get_absolute_url(),
        seed.PRIVATE_DOCUMENT_TITLE,
        seed.PRIVATE_DOCUMENT_SUMMARY,
        seed.PRIVATE_TAG,
    )
    links = [
        a["href"]
        for a in BeautifulSoup(detail.body, "html.parser").select("a.button")
        if "Öppna dokument" in a.get_text()
    ]
    if not links:
        problems.append(f"{detail.describe()}: no 'Öppna dokument'")
    for href in links:
        answer, _chain = fetch_following(client, href)
        if answer.body != site.secret_bytes["the private document's file"]:
            problems.append(f"{answer.describe()}: not the document's file")
    for index in site.document_indexes[:1]:
        expect(index.url, seed.PRIVATE_DOCUMENT_TITLE)
        expect(index.url + f"?tagg={seed.PRIVATE_TAG}", seed.PRIVATE_DOCUMENT_TITLE)
    expect(site.public_document.get_absolute_url(), seed.RESTRICTED_TITLE)
    expect(reverse("ledning:changes"), seed.RESTRICTED_TITLE)
    expect(reverse("search:api") + "?q=Ekbacken", seed.PRIVATE_DOCUMENT_TITLE)
    expect(reverse("search:api") + "?q=Tallbacken", seed.RESTRICTED_TITLE)
    expect(reverse("search:search") + "?q=nyckelskåp", seed.RESTRICTED_TITLE)
    expect(reverse("search:autocomplete") + "?q=Ekback", seed.PRIVATE_DOCUMENT_TITLE)
    if site.news is not None:
        expect(site.news_index.url, site.news.title)
        expect(site.news.url, seed.RESTRICTED_TITLE)
    assert not problems, "The member of the group did not get the content:\n  " + "\n  ".join(
        problems
    )


def test_read_confirmation_asks_only_those_who_may_read(site):
    """Läskvittens on the restricted page (asked of the workplace both chose): the member has it
    on Min sida and HEM and may confirm; the outsider neither sees it nor may confirm, and the
    follow-up is the LS-administrators' and approving managers' only."""
    read_request = ReadRequest.objects.get(page=site.restricted_page)
    confirm_url = reverse("ledning:read_confirm", args=[read_request.pk])
    follow_up = reverse("ledning_readconfirm:detail", args=[read_request.pk])
    member, outsider = login_as(site.member), login_as(site.outsider)
    for url in ("/min-sida/", site.home.url):
        assert seed.RESTRICTED_TITLE in fetch(member, url).text
        assert seed.RESTRICTED_TITLE not in fetch(outsider, url).text
    assert fetch(outsider, follow_up).status in (*REFUSALS, 302)
    assert fetch(outsider, follow_up + "?export=csv").status in (*REFUSALS, 302)
    assert outsider.post(confirm_url).status_code == 404
    assert not read_request.confirmations.exists()
    # The reminder e-mail goes to the member, never to the outsider.
    mail.outbox = []
    services.send_read_reminders(read_request.due_on - datetime.timedelta(days=1))
    reminded = {address for message in mail.outbox for address in message.to}
    assert site.member.email in reminded and site.outsider.email not in reminded
    # The escalation after the due date goes to the workplace's managers: the outsider holds
    # a manager's role and chose the workplace, but may not read the page, so is not told.
    ApproverRole.objects.create(user=site.outsider, title="Chef Vård och omsorg")
    mail.outbox = []
    services.send_read_reminders(read_request.due_on + datetime.timedelta(days=1))
    escalated = {address for message in mail.outbox for address in message.to}
    assert escalated and site.outsider.email not in escalated
