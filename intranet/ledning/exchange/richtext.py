from __future__ import annotations

from functools import cache

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter


@cache
def _converter(features: tuple[str, ...] | None) -> EditorHTMLConverter:
    return EditorHTMLConverter(features=list(features) if features is not None else None)


def clean_html(html: str | None, features: list[str] | None = None) -> str:
    """Rich text as Wagtail's editor would store it: elements and attributes outside the
    field's features are removed (their text is kept)."""
    if not html:
        return ""
    return _converter(tuple(features) if features is not None else None).to_database_format(html)
