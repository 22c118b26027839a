from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import governance_admin
from .linkcheck import admin as linkcheck_admin
from .viewsets import LedningViewSetGroup

register_snippet(LedningViewSetGroup)

# A change of substance goes live only through the approval workflow.
hooks.register("before_publish_page", governance_admin.refuse_direct_publish)
hooks.register("before_publish", governance_admin.refuse_direct_publish)

# The governance dashboard (reports with CSV/XLSX export).
hooks.register("register_admin_urls", governance_admin.report_urls)
hooks.register("register_reports_menu_item", governance_admin.review_menu_item)
hooks.register("register_reports_menu_item", governance_admin.ownerless_menu_item)
hooks.register("register_reports_menu_item", governance_admin.orphans_menu_item)
hooks.register("register_reports_menu_item", governance_admin.changes_menu_item)

# The broken-link report (link checking).
hooks.register("register_admin_urls", linkcheck_admin.admin_urls)
hooks.register("register_reports_menu_item", linkcheck_admin.menu_item)
