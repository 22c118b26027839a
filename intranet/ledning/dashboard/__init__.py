"""The governance dashboard (issue 15, item 8): the management system's figures on the admin's
start page (a Wagtail home panel) and on a page of their own, each linking to its report, with
the share of content reviewed in time over the last twelve months as an accessible SVG line
chart and a table.

It reads governance, link checking and read confirmations (it sits above them); the hooks in
ledning/wagtail_hooks.py register its panel, URL and menu item."""
