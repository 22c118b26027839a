"""Links are read from the content models (not by crawling) and internal ones are checked in the
database: deleted, unpublished and restricted pages, deleted files and images, files missing
from storage, missing anchors."""

from __future__ import annotations

import wagtail_factories
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import PageViewRestriction

from intranet.ledning.linkcheck import extract, services
from intranet.ledning.linkcheck.addresses import classify
from intranet.ledning.linkcheck.internal import check_internal, resolve_path
from intranet.ledning.models import Link, LinkPlace, ProcessMap, ProcessMapLink, Verdict
from tests.conftest import PROCESS_MAP_TITLE
from tests.factories import ProcessPageFactory, WagtailDocumentFactory, root_collection
from tests.processmaps.conftest import fixture_bytes


def places_for(found, title):
    return [item for item in found if item.title == title]


def test_links_come_from_stream_blocks_rich_text_fields_and_documents(site_tree):
    found = extract.extract_all()
    process = places_for(found, site_tree.process.title)
    by_where = {(item.field, item.block_path): item.target.url for item in process}
    first_riktlinje = site_tree.process.body[0].value["items"][0]["document"]
    assert by_where[("body", "[0].items[0].document")] == f"governeddocument:{first_riktlinje.pk}"
    insats = [item for item in process if item.block_path == "[1].items[6].children[0]"]
    assert insats and insats[0].target.url.startswith("governeddocument:")
    assert by_where[("body", "[3].links[0].page")] == f"page:{site_tree.support.pk}"
    assert by_where[("body", "[3].links[1].url")] == "https://lathundar.example.se/"
    assert by_where[("body", "[5].document")] == (
        f"governeddocument:{site_tree.process_map_document.pk}"
    )
    related = next(item for item in process if item.block_path == "[3].links[1].url")
    assert related.block_id == "related-1"
    # The start page's sections, and each governed document's file.
    start = places_for(found, site_tree.start.title)
    assert {item.target.url for item in start} >= {f"page:{site_tree.area.pk}"}
    map_document = places_for(found, PROCESS_MAP_TITLE)
    assert [(item.field, item.target.url) for item in map_document] == [
        ("file", f"document:{site_tree.process_map_document.file_id}")
    ]
    # Drafts are not content yet.
    assert not places_for(found, site_tree.draft.title)


def test_rich_text_links_embeds_and_bad_addresses(site_tree):
    image = wagtail_factories.ImageFactory(title="Karta", collection=root_collection())
    file = WagtailDocumentFactory(title="Blankett")
    page = site_tree.support
    page.intro = (
        f'<p><a linktype="page" id="{site_tree.process.pk}">Hemtjänst</a> '
        f'<a linktype="document" id="{file.pk}">Blankett</a> '
        '<a href="http://exa mple.se/">trasig</a> <a href="http://[::1">trasig 2</a> '
        '<a href="mailto:registrator@kommun.example">mejla</a> <a href="mailto:nej">fel</a> '
        '<a href="tel:+46 173 860 00">ring</a> <a href="ftp://ftp.example.se/a">ftp</a> '
        '<a href="#sidansvarig-rubrik">upp</a> <a href="/ledningssystem/finns-inte/">x</a></p>'
        f'<embed embedtype="image" id="{image.pk}" format="left" alt="Karta"/>'
    )
    page.save()
    found = [item for item in extract.extract_all() if item.title == page.title]
    services._resolved(found)
    targets = {item.text or item.target.url: item.target for item in found}
    assert targets["Hemtjänst"].url == f"page:{site_tree.process.pk}"
    assert targets["Blankett"].url == f"document:{file.pk}"
    assert targets["trasig"].problem.startswith("Ogiltig adress")
    assert targets["trasig 2"].problem.startswith("Ogiltig adress")
    assert not targets["mejla"].problem
    assert targets["fel"].problem == "Ogiltig e-postadress: nej"
    assert not targets["ring"].problem
    assert targets["ftp"].skip
    assert targets["upp"].url == f"page:{page.pk}#sidansvarig-rubrik"
    assert "Sidan finns inte" in targets["x"].problem
    assert f"image:{image.pk}" in {target.url for target in targets.values()}


def test_paths_and_own_addresses_resolve_to_pages(site_tree, settings):
    target = classify(
        "http://testserver/ledningssystem/vard-och-omsorg/#avsnitt",
        own_hosts=extract.own_hosts(),
    )
    assert target.path == "/ledningssystem/vard-och-omsorg/#avsnitt"
    assert resolve_path(target).url == f"page:{site_tree.area.pk}#avsnitt"
    assert classify("https://www.kommun.example/").kind == "external"


def test_a_document_s_permanent_file_address_is_checked_as_the_document(site_tree):
    """*Öppna dokument* leads to /ledningssystem/styrdokument/<key>/fil/: a pasted copy of it
    with a key no document has is broken, one naming a real document is that document."""
    document = next(iter(site_tree.documents.values()))
    own = extract.own_hosts()
    for suffix in ("", "fil/"):
        good = classify(f"http://testserver{document.get_absolute_url()}{suffix}", own_hosts=own)
        assert resolve_path(good).url == f"governeddocument:{document.pk}", suffix
        bad = classify(
            f"http://testserver/ledningssystem/styrdokument/finns-inte/{suffix}", own_hosts=own
        )
        assert resolve_path(bad).problem, suffix
    # An imported document never changed through the workflow has no recorded versions yet.
    for suffix in ("version/1/", "version/1/fil/"):
        target = classify(f"http://testserver{document.get_absolute_url()}{suffix}", own_hosts=own)
        assert resolve_path(target).problem, suffix


def test_internal_targets_checked_in_the_database(site_tree, django_user_model):
    process, support, complaints = site_tree.process, site_tree.support, site_tree.complaints
    deleted = ProcessPageFactory(parent=site_tree.area, title="Borttagen")
    deleted_id = deleted.pk
    deleted.delete()
    support.unpublish()
    group = Group.objects.create(name="Chefer")
    restriction = PageViewRestriction.objects.create(
        page=complaints, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    missing_file = WagtailDocumentFactory(title="Saknas")
    missing_file.file.storage.delete(missing_file.file.name)
    present_file = WagtailDocumentFactory(title="Finns")
    draft = site_tree.draft

    urls = {
        "ok": f"page:{process.pk}",
        "deleted": f"page:{deleted_id}",
        "unpublished": f"page:{support.pk}",
        "restricted": f"page:{complaints.pk}",
        "anchor ok": f"page:{process.pk}#sidansvarig-rubrik",
        "anchor missing": f"page:{process.pk}#finns-inte",
        "file ok": f"document:{present_file.pk}",
        "file missing": f"document:{missing_file.pk}",
        "file deleted": "document:999999",
        "image deleted": "image:999999",
        "governed draft": f"governeddocument:{draft.pk}",
        "governed ok": f"governeddocument:{site_tree.process_map_document.pk}",
    }
    results = check_internal(list(urls.values()))
    verdicts = {name: results[url].verdict for name, url in urls.items()}
    assert verdicts == {
        "ok": Verdict.OK,
        "deleted": Verdict.BROKEN,
        "unpublished": Verdict.BROKEN,
        "restricted": Verdict.BROKEN,
        "anchor ok": Verdict.OK,
        "anchor missing": Verdict.BROKEN,
        "file ok": Verdict.OK,
        "file missing": Verdict.BROKEN,
        "file deleted": Verdict.BROKEN,
        "image deleted": Verdict.BROKEN,
        "governed draft": Verdict.BROKEN,
        "governed ok": Verdict.OK,
    }
    assert results[urls["deleted"]].error == "Sidan är borttagen."
    assert "avpublicerad" in results[urls["unpublished"]].error
    assert "begränsad åtkomst" in results[urls["restricted"]].error
    assert "#finns-inte" in results[urls["anchor missing"]].error
    assert "saknas i lagringen" in results[urls["file missing"]].error
    assert "inte publicerat" in results[urls["governed draft"]].error


def test_a_full_run_stores_places_owners_and_verdicts(site_tree, django_user_model, web):
    owner = django_user_model.objects.create_user("agare", email="agare@kommun.example")
    process = site_tree.process
    process.page_owner_users.add(owner)
    process.intro = (
        f'<p><a href="{web.url("/ok")}">bra</a> <a href="{web.url("/saknas")}">borta</a> '
        '<a href="http://exa mple.se/">trasig</a></p>'
    )
    process.save()
    support = site_tree.support
    support.unpublish()

    summary = services.run_full_check()

    assert summary.verdicts[Verdict.BROKEN] >= 3
    broken = Link.objects.get(url=web.url("/saknas"))
    assert (broken.verdict, broken.status) == (Verdict.BROKEN, 404)
    assert broken.first_broken_at is not None
    place = broken.places.get()
    assert (place.page_id, place.field, place.text) == (process.pk, "intro", "bra" and "borta")
    assert list(place.owners.all()) == [owner]
    assert place.owner_role == "Chef för område 2 och område 3"
    assert Link.objects.get(url=web.url("/ok")).verdict == Verdict.OK
    assert Link.objects.get(url="http://exa mple.se/").verdict == Verdict.BROKEN
    unpublished = Link.objects.get(url=f"page:{support.pk}")
    assert unpublished.verdict == Verdict.BROKEN
    # The places of the unpublished page itself are gone; its links stand elsewhere still.
    assert not LinkPlace.objects.filter(page_id=support.pk).exists()
    assert Link.objects.get(url="https://lathundar.example.se/").verdict == Verdict.SKIPPED


def test_a_link_found_fine_recently_is_not_checked_again(site_tree, web):
    process = site_tree.process
    process.intro = f'<p><a href="{web.url("/ok")}">bra</a> <a href="{web.url("/x")}">x</a></p>'
    process.save()
    services.run_full_check()
    assert sorted(web.stats.paths()) == ["/ok", "/x"]
    first_broken = Link.objects.get(url=web.url("/x")).first_broken_at

    summary = services.run_full_check()
    # The working link waits for its 24 hours; the broken one is checked again and keeps the
    # time it was first found broken.
    assert sorted(web.stats.paths()) == ["/ok", "/x", "/x"]
    assert summary.cached == 1
    assert Link.objects.get(url=web.url("/ok")).verdict == Verdict.OK
    assert Link.objects.get(url=web.url("/x")).first_broken_at == first_broken


def test_skip_patterns(settings, site_tree, web):
    settings.LEDNING_LINKCHECK_SKIP = ["127.0.0.3"]
    process = site_tree.process
    process.intro = f'<p><a href="{web.url("/ok")}">bra</a></p>'
    process.save()
    services.run_full_check()
    link = Link.objects.get(url=web.url("/ok"))
    assert link.verdict == Verdict.SKIPPED
    assert "127.0.0.3" in link.error
    assert web.stats.hits == []
    assert services.skip_reason("https://intra.kommun.se/a", ["*.kommun.se"])
    assert services.skip_reason("https://kommun.se/privat/x", ["https://kommun.se/privat/"])
    assert not services.skip_reason("https://kommun.se/x", ["https://kommun.se/privat/"])


def test_a_process_map_in_a_block_brings_its_step_links(site_tree):
    """The steps of a yEd map chosen on a process page are links of that page: the hand-made
    ones to pages and documents, and the URL yEd keeps on a node; an unpublished step target is
    reported like any other broken link on the page."""
    process_map = ProcessMap(title="Karta hemtjänst")
    process_map.file.save(
        "hemtjanst.graphml", ContentFile(fixture_bytes("hemtjanst.graphml")), save=False
    )
    process_map.full_clean()
    process_map.save()
    ProcessMapLink.objects.create(
        process_map=process_map, node_label="Utreda", page=site_tree.support
    )
    gone = ProcessPageFactory(parent=site_tree.area, title="Avvecklad rutin")
    ProcessMapLink.objects.create(process_map=process_map, node_label="Avsluta", page=gone)
    page = site_tree.process
    page.body.append(
        (
            "process_map",
            {
                "title": "Karta",
                "large": False,
                "process_map": process_map,
                "image": None,
                "document": None,
                "graphml": None,
            },
            "karta-yed",
        )
    )
    page.save_revision().publish()
    index = len(page.body) - 1

    found = [item for item in extract.extract_all() if item.block_path.startswith(f"[{index}].")]
    by_step = {item.block_path: item.target.url for item in found}
    assert by_step[f"[{index}].process_map.steps[Utreda]"] == f"page:{site_tree.support.pk}"
    assert by_step[f"[{index}].process_map.steps[Social journal]"] == ("https://example.se/handbok")
    assert {item.block_id for item in found} == {"karta-yed"}
    assert {item.page_id for item in found} == {page.pk}

    gone.unpublish()
    found = [item for item in extract.extract_all() if item.text == "Avsluta"]
    [target] = {item.target.url for item in found}
    assert check_internal([target])[target].verdict == Verdict.BROKEN
