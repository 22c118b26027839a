"""The demo's accessibility statement (tillgänglighetsredogörelse), under HEM.

It says what the project's own checks found and did not check: partly compliant with
WCAG 2.1 AA, because documents are not all tagged PDFs and no manual test with assistive
technology has been made yet."""

from __future__ import annotations

import datetime

from wagtail.models import Page

from intranet.portal.models import AccessibilityStatementPage

SLUG = "tillganglighetsredogorelse"
ASSESSED_ON = datetime.date(2026, 12, 1)

INTRO = (
    "<p>Östhammars kommun står bakom intranätet Ines och vill att alla medarbetare ska kunna "
    "använda det. Här beskriver vi hur intranätet uppfyller lagen om tillgänglighet till "
    "digital offentlig service, vilka brister vi känner till och hur du kan rapportera "
    "problem.</p>"
)
KNOWN_GAPS = (
    "<h3>Dokument i PDF-format saknar taggar</h3>"
    "<p>Många styrande dokument är PDF-filer utan taggar (struktur för rubriker, listor och "
    "läsordning). En skärmläsare kan då läsa texten men inte dess struktur. Det strider mot "
    "WCAG 1.3.1 Information och relationer. Dokumentansvariga ser sina otaggade PDF-filer i "
    "rapporten <em>PDF utan taggar</em> och byter ut dem när dokumenten revideras.</p>"
    "<h3>Processkartor</h3>"
    "<p>Processkartor visas som bilder. Varje karta har en textversion med stegen i ordning, "
    "men stora kartor kan vara svåra att följa med förstoring.</p>"
    "<h3>Redigeringsverktyget</h3>"
    "<p>Administrationsgränssnittet där redaktörer arbetar (Wagtail) ingår inte i den här "
    "bedömningen.</p>"
    "<h3>Ingen manuell granskning ännu</h3>"
    "<p>Intranätet har inte granskats manuellt med skärmläsare, förstoringsprogram eller "
    "taligenkänning. Automatiska tester hittar inte alla brister.</p>"
)
METHOD = (
    "<p>Vi har gjort en egen bedömning (självskattning). Automatiska tester körs i en riktig "
    "webbläsare på varje sidtyp som medarbetare använder: HEM, verksamhetsområden, processer, "
    "dokumentsidor, dokument, nyheter, Min sida, sökningen och den här sidan. Varje sida "
    "testas i full bredd och i 320 pixlars bredd (motsvarar 400 % förstoring).</p>"
    "<ul>"
    "<li>axe-core kontrollerar de krav i WCAG 2.2 nivå A och AA som går att testa "
    "automatiskt.</li>"
    "<li>Egna tester kontrollerar att inget innehåll kräver vågrät rullning i 320 pixlars "
    "bredd, att fokus aldrig döljs av sidhuvudet när man tabbar genom sidan och att "
    "bokmärkesstjärnan och menyknappen är minst 24 × 24 pixlar.</li>"
    "</ul>"
)


def load_demo_accessibility_statement(home: Page) -> AccessibilityStatementPage:
    """The statement under HEM; one that exists already is left as editors left it."""
    page = AccessibilityStatementPage.objects.child_of(home).filter(slug=SLUG).first()
    if page is None:
        page = AccessibilityStatementPage(
            title="Tillgänglighetsredogörelse",
            slug=SLUG,
            intro=INTRO,
            known_gaps=KNOWN_GAPS,
            assessed_on=ASSESSED_ON,
            assessment_method=METHOD,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    return page
