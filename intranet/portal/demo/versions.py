"""Demo content for the versions of a governed document: *Rutin Genomförandeplan* gets two
changes of substance, each approved through the approval workflow as people approve them
(the editor submits, the LS-administrator reviews, the approving manager approves), so its page
lists two earlier versions, each with its dates, file and change note.

Idempotent: nothing happens when the document has versions already (or is missing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from intranet.ledning.models import DocumentVersion, GovernedDocument

DOCUMENT_KEY = "rutin-genomforandeplan"
EDITOR = "redaktor"  # an editor and LS-administrator: submits, then reviews (Granskning)
APPROVER = "chef"  # Chef Vård och omsorg: approves (Fastställande)
# (change note, summary, the new file's title) per change of substance, oldest first.
CHANGES: tuple[tuple[str, str, str], ...] = (
    (
        "Genomförandeplanen upprättas inom två veckor från första besöket (tidigare fyra).",
        "Så upprättas, följs upp och dokumenteras genomförandeplanen i hemtjänsten.",
        "Rutin Genomförandeplan, reviderad: upprättas inom två veckor",
    ),
    (
        "Genomförandeplanen följs upp minst varje halvår tillsammans med brukaren.",
        "Så upprättas, följs upp varje halvår och dokumenteras genomförandeplanen.",
        "Rutin Genomförandeplan, reviderad: uppföljning varje halvår",
    ),
)


@dataclass
class VersionsDemoResult:
    document: GovernedDocument | None = None
    created: list[DocumentVersion] = field(default_factory=list)


def demo_pdf(text: str) -> bytes:
    """A small one-page PDF showing ``text`` (Latin-1), so the demo's files really open."""
    line = text.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 770 Td (" + line + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _approve_current_task(document: GovernedDocument, user) -> None:
    """Press the workflow's approve button as ``user`` (what the admin's button calls)."""
    document = GovernedDocument.objects.get(pk=document.pk)
    state = document.current_workflow_task_state
    state.task.specific.on_action(state, user, "approve")


def load_demo_versions() -> VersionsDemoResult:
    result = VersionsDemoResult()
    document = GovernedDocument.objects.filter(key=DOCUMENT_KEY, live=True).first()
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=[EDITOR, APPROVER])
    }
    if document is None or len(users) < 2 or document.get_workflow() is None:
        return result
    result.document = document
    if DocumentVersion.objects.filter(document=document).exists():
        return result
    editor, approver = users[EDITOR], users[APPROVER]
    collection = document.file.collection if document.file else Collection.get_first_root_node()
    for number, (note, summary, file_title) in enumerate(CHANGES, start=2):
        document = GovernedDocument.objects.get(pk=document.pk)
        document.file = get_document_model().objects.create(
            title=file_title,
            collection=collection,
            file=ContentFile(demo_pdf(file_title), name=f"{DOCUMENT_KEY}-{number}.pdf"),
        )
        document.url = ""
        document.summary = summary
        document.change_kind = "vikt"
        document.change_note = note
        document.save_revision(user=editor)
        document.get_workflow().start(document, editor)
        _approve_current_task(document, editor)  # Granskning
        _approve_current_task(document, approver)  # Fastställande
    result.created = list(DocumentVersion.objects.filter(document=document).order_by("number"))
    return result
