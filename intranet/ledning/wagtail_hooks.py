from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from . import admin_ui
from .dashboard import admin_views as dashboard_admin
from .governance import admin_views as governance_admin
from .governance.viewsets import ApproverRoleViewSet, ChangeProposalViewSet
from .linkcheck import admin_views as linkcheck_admin
from .permissions import report_permissions
from .processmaps.viewsets import ProcessMapViewSet
from .readconfirm import admin_views as readconfirm_admin
from .viewsets import GovernedDocumentViewSet, WorkplaceViewSet


class LedningViewSetGroup(SnippetViewSetGroup):
    items = (
        GovernedDocumentViewSet,
        ProcessMapViewSet,
        WorkplaceViewSet,
        ChangeProposalViewSet,
        ApproverRoleViewSet,
    )
    menu_icon = "doc-full-inverse"
    menu_label = _("Ledningssystem")
    menu_name = "ledningssystem"
    menu_order = 250


register_snippet(LedningViewSetGroup)

# People by name in the admin's forms; report tables that wrap between words.
admin_ui.register_person_fields()
hooks.register("insert_global_admin_css", admin_ui.admin_css)

# What the approval guard (governance/services/guard.py) would refuse is answered early.
hooks.register("before_publish_page", governance_admin.refuse_direct_publish)
hooks.register("before_publish", governance_admin.refuse_direct_publish)
hooks.register("before_bulk_action", governance_admin.refuse_bulk_publish)
hooks.register("after_copy_page", governance_admin.tell_copy_is_a_draft)

# The governance dashboard (reports with CSV/XLSX export); each report and action has its own
# permission, granted in the group editor.
hooks.register("register_permissions", report_permissions)
hooks.register("register_admin_urls", governance_admin.report_urls)
hooks.register("register_reports_menu_item", governance_admin.review_menu_item)
hooks.register("register_reports_menu_item", governance_admin.ownerless_menu_item)
hooks.register("register_reports_menu_item", governance_admin.orphans_menu_item)
hooks.register("register_reports_menu_item", governance_admin.untagged_pdfs_menu_item)
hooks.register("register_reports_menu_item", governance_admin.changes_menu_item)

# Granskad utan ändring: the owners' and LS-administrators' action in the editor.
hooks.register("register_admin_urls", governance_admin.review_urls)
hooks.register("register_page_action_menu_item", governance_admin.page_review_menu_item)
hooks.register("register_snippet_action_menu_item", governance_admin.snippet_review_menu_item)

# The broken-link report (link checking).
hooks.register("register_admin_urls", linkcheck_admin.admin_urls)
hooks.register("register_reports_menu_item", linkcheck_admin.menu_item)

# Läskvittens: the follow-up of read confirmations (its own permissions).
hooks.register("register_permissions", readconfirm_admin.permissions)
hooks.register("register_admin_urls", readconfirm_admin.admin_urls)
hooks.register("register_reports_menu_item", readconfirm_admin.menu_item)

# The governance dashboard: figures on the admin's start page and a page of their own.
hooks.register("construct_homepage_panels", dashboard_admin.add_panel)
hooks.register("register_admin_urls", dashboard_admin.admin_urls)
hooks.register("register_reports_menu_item", dashboard_admin.menu_item)
