"""CSV exports of the whole admin are safe to open in a spreadsheet program, Wagtail's own too.

The management system's and the staff app's exports use intranet.ledning.exports themselves
(so they are safe in any site that installs them). Wagtail's own reports export CSV with the
same SpreadsheetExportMixin and offer no setting for it: Site history (page titles), Search
terms (what any member of staff typed into the search box), Aging pages, Locked pages,
Workflows, Redirects. This site applies the same escaping to all of them, once, at startup
(PortalConfig.ready). Wagtail considers escaping the consumer's business, so there is no
upstream switch to turn on instead.
"""

from __future__ import annotations

from typing import Any

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from intranet.ledning.exports import escape_formula


def protect_spreadsheet_exports() -> None:
    """Every CSV cell any admin export writes goes through escape_formula (idempotent)."""
    if getattr(SpreadsheetExportMixin, "formula_safe", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_field_value(self, field: str, value: Any, export_format: str) -> Any:
        value = preprocess(self, field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return escape_formula(value)
        return value

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.formula_safe = True
