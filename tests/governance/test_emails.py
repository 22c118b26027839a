"""The one e-mail builder (intranet/ledning/emails.py): a subject is one line of plain text
and the plain-text body is not HTML-escaped, whatever a title holds; the HTML part is."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

TITLE = "Rutin för ”A & B” <inte HTML>"


def test_a_proposal_e_mail_shows_the_title_as_written_in_subject_and_text(
    staff_client, make_document, governance, django_capture_on_commit_callbacks
):
    document = make_document(TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("ledning:propose_document", args=[document.key]),
            {"text": "Länken till blanketten & mallen är trasig.", "kind": "administrativ"},
        )
    assert response.status_code == 200

    [message] = mail.outbox
    assert message.subject == f"Förslag om administrativ ändring: {TITLE}"
    assert TITLE in message.body
    assert "Länken till blanketten & mallen är trasig." in message.body
    assert "&amp;" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "&lt;inte HTML&gt;" in html and "<inte HTML>" not in html
    # A proposal is written by a person: answers go to them, no Auto-Submitted header.
    assert "Auto-Submitted" not in message.extra_headers
