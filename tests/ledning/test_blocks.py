"""StreamField blocks: the rules editors meet (in Swedish) and what every block declares."""

from __future__ import annotations

import inspect

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import get_template
from wagtail import blocks as wagtail_blocks

from intranet.ledning import blocks as ledning_blocks
from intranet.ledning.blocks import (
    DocumentListBlock,
    LinkBlock,
    ProcessMapBlock,
    RatingBlock,
    ResponsibilitiesBlock,
    RiskRowBlock,
    basic,
    process_flow,
    stream,
    struct,
)
from intranet.ledning.models import ProcessPage

from ..conftest import error_messages
from ..factories import WagtailDocumentFactory, block_value, body, documents_block, link_value

pytestmark = pytest.mark.django_db


def clean_raw(block, raw):
    return block.clean(block.to_python(raw))


# --- LinkBlock ------------------------------------------------------------------------------


def test_link_needs_exactly_one_target(make_document, home_page):
    block = LinkBlock()
    document = make_document("Rutin Genomförandeplan")
    with pytest.raises(ValidationError) as no_target:
        clean_raw(block, link_value({"text": "Något"}))
    assert error_messages(no_target.value) == [
        "Välj exakt ett mål för länken: en sida, ett dokument eller en extern adress."
    ]
    with pytest.raises(ValidationError) as two_targets:
        clean_raw(block, link_value({"page": home_page, "document": document}))
    assert "Välj exakt ett mål" in error_messages(two_targets.value)[0]

    for link in (
        {"page": home_page},
        {"document": document},
        {"text": "SOSFS 2011:9", "url": "https://example.se/"},
    ):
        value = clean_raw(block, link_value(link))
        assert value.display_text in {"Hem", "Rutin Genomförandeplan", "SOSFS 2011:9"}


# --- DocumentListBlock ----------------------------------------------------------------------


def document_list(document_type, items):
    return block_value("documents", documents_block("Rutiner", items, document_type))


def test_document_list_refuses_documents_of_another_type(make_document):
    rutin = make_document("Rutin Genomförandeplan", "rutin")
    riktlinje = make_document("Riktlinje Anhörigstöd", "riktlinje")
    with pytest.raises(ValidationError) as error:
        clean_raw(DocumentListBlock(), document_list("rutin", [(rutin, []), (riktlinje, [])]))
    assert error_messages(error.value) == ["”Riktlinje Anhörigstöd” är inte av typen Rutin."]


def test_document_list_checks_the_type_of_nested_children(make_document):
    rutin = make_document("Rutin Insatspärmen och rapporthänvisning", "rutin")
    blankett = make_document("Material i insatspärm", "blankett")
    with pytest.raises(ValidationError) as error:
        clean_raw(DocumentListBlock(), document_list("rutin", [(rutin, [blankett])]))
    assert error_messages(error.value) == ["”Material i insatspärm” är inte av typen Rutin."]


def test_document_list_refuses_duplicates(make_document):
    rutin = make_document("Rutin Genomförandeplan", "rutin")
    other = make_document("Rutin Nyckelhantering av hemtjänsten", "rutin")
    with pytest.raises(ValidationError) as error:
        clean_raw(DocumentListBlock(), document_list("rutin", [(rutin, []), (other, [rutin])]))
    assert error_messages(error.value) == ["”Rutin Genomförandeplan” finns redan i listan."]


def test_document_list_without_type_takes_any_type(make_document):
    rutin = make_document("Rutin Genomförandeplan", "rutin")
    blankett = make_document("Material i insatspärm", "blankett")
    value = clean_raw(DocumentListBlock(), document_list("", [(rutin, [blankett])]))
    item = value["items"][0]
    assert item["document"] == rutin
    assert list(item["children"]) == [blankett]


# --- ProcessMapBlock ------------------------------------------------------------------------


def process_map(entry):
    return block_value("process_map", {"type": "process_map", **entry})


def test_process_map_needs_exactly_one_source(make_document):
    block = ProcessMapBlock()
    document = make_document("Process Verkställa beslut hemtjänst", "informationsmaterial")
    graphml = WagtailDocumentFactory(title="Karta")
    with pytest.raises(ValidationError) as none:
        clean_raw(block, process_map({"title": "Karta", "large": True}))
    assert error_messages(none.value) == [
        "Välj exakt en källa för processkartan: en processkarta från yEd, en bild, ett dokument "
        "eller en yEd-fil."
    ]
    with pytest.raises(ValidationError) as two:
        clean_raw(block, process_map({"title": "Karta", "document": document, "graphml": graphml}))
    assert "Välj exakt en källa" in error_messages(two.value)[0]
    value = clean_raw(block, process_map({"title": "Karta", "large": True, "document": document}))
    assert value["document"] == document


def test_process_map_graphml_must_be_a_graphml_file():
    block = ProcessMapBlock()
    pdf = WagtailDocumentFactory(title="Inte en karta")
    with pytest.raises(ValidationError) as error:
        clean_raw(block, process_map({"title": "Karta", "graphml": pdf}))
    assert error_messages(error.value) == ["Filen är inte en .graphml-fil."]


# --- risks and responsibilities ---------------------------------------------------------------


def risk_row(row):
    return block_value("risks", {"rows": [row]})["rows"][0]["value"]


def test_high_risk_needs_an_action():
    block = RiskRowBlock()
    with pytest.raises(ValidationError) as error:
        clean_raw(block, risk_row({"risk": "Fall", "severity": 3, "likelihood": 3, "action": "  "}))
    assert error_messages(error.value) == ["Riskvärdet är 9: ange en åtgärd (krävs från 9)."]
    value = clean_raw(
        block, risk_row({"risk": "Fall", "severity": 3, "likelihood": 3, "action": "Larm"})
    )
    assert value.value == 9
    assert value.level == "high"
    low = clean_raw(block, risk_row({"risk": "Fall", "severity": 2, "likelihood": 4}))
    assert (low.value, low.level, str(low.level_label)) == (8, "high", "Hög risk")


def test_risk_threshold_follows_the_setting(settings):
    settings.LEDNING_RISK_ACTION_THRESHOLD = 6
    with pytest.raises(ValidationError) as error:
        clean_raw(RiskRowBlock(), risk_row({"risk": "Fall", "severity": 3, "likelihood": 2}))
    assert error_messages(error.value) == ["Riskvärdet är 6: ange en åtgärd (krävs från 6)."]


def test_rating_is_between_one_and_four():
    block = RatingBlock()
    assert block.clean(4) == 4
    for wrong in (0, 5):
        with pytest.raises(ValidationError) as error:
            block.clean(wrong)
        assert "Kontrollera att detta värde är" in error_messages(error.value)[0]


def test_responsibilities_refuse_a_role_twice():
    with pytest.raises(ValidationError) as error:
        clean_raw(
            ResponsibilitiesBlock(),
            block_value(
                "responsibilities",
                {
                    "rows": [
                        {"role": "Enhetschef", "duties": ["a"]},
                        {"role": "Medarbetare", "duties": ["b"]},
                        {"role": "enhetschef ", "duties": ["c"]},
                    ]
                },
            ),
        )
    assert error_messages(error.value) == [
        "Rollen ”enhetschef” står flera gånger; samla dess uppgifter på ett ställe."
    ]


def test_errors_surface_through_the_process_page_body(make_document):
    body_block = ProcessPage._meta.get_field("body").stream_block
    data = body(
        [
            {"type": "heading", "text": "Risker"},
            {"type": "risks", "rows": [{"risk": "Fall", "severity": 4, "likelihood": 4}]},
        ]
    )
    with pytest.raises(ValidationError) as error:
        body_block.clean(body_block.to_python(data))
    assert "Riskvärdet är 16: ange en åtgärd (krävs från 9)." in error_messages(error.value)


# --- what every block declares ----------------------------------------------------------------


def block_classes() -> list[type]:
    found = []
    for module in (basic, struct, process_flow, stream):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, wagtail_blocks.Block) and cls.__module__ == module.__name__:
                found.append(cls)
    return sorted(found, key=lambda cls: cls.__name__)


def test_the_package_exports_every_block():
    assert {cls.__name__ for cls in block_classes()} == set(ledning_blocks.__all__)


@pytest.mark.parametrize("cls", block_classes(), ids=lambda cls: cls.__name__)
def test_block_declares_icon_template_preview_and_description(cls):
    block = cls()
    meta = block.meta
    assert meta.icon and meta.icon != "placeholder", "icon"
    assert meta.template, "template"
    get_template(meta.template)
    assert meta.description and str(meta.description).strip(), "description"
    assert hasattr(meta, "preview_value") or (
        type(block).get_preview_value is not wagtail_blocks.Block.get_preview_value
    ), "preview_value"


@pytest.mark.parametrize("cls", block_classes(), ids=lambda cls: cls.__name__)
def test_block_preview_renders_in_the_admin(cls, editor_client, make_document):
    make_document("Rutin Genomförandeplan")
    make_document("Material i insatspärm")
    block = cls()
    block.set_name(cls.__name__.lower())
    response = editor_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    rendered = block.render(block.get_preview_value()).strip()
    assert rendered, "the preview is empty"
    assert rendered in html


def test_previews_show_seed_like_content(editor_client, make_document):
    make_document("Rutin Genomförandeplan")
    block = struct.RiskAnalysisBlock()
    response = editor_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert "Klagomål blir liggande obesvarade" in response.content.decode()
    chooser = basic.GovernedDocumentChooserBlock()
    response = editor_client.get("/admin/block-preview/", {"id": chooser.definition_prefix})
    assert "Rutin Genomförandeplan" in response.content.decode()
