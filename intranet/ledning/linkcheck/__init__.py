"""Link checking that reads the content itself.

- ``models``: every distinct link target with its verdict, and every place it stands;
- ``addresses``: what a link's address is (internal target, external URL, mailto:, malformed …);
- ``extract``: every link in every live page and governed document, with where it stands;
- ``internal``: internal targets checked in the database (pages, files, images, anchors);
- ``config``: how the HTTP checks behave (the settings), without importing httpx;
- ``http``: external links over HTTP with httpx and asyncio, politely and safely;
- ``worker``: the HTTP checks in processes of their own, fed addresses as they are found;
- ``services``: a full run (extract, check, store) and ignoring a link;
- ``selectors``: the broken links at their places for people, and the results as JSON;
- ``emails``: the report to the LS-administrators and to each owner;
- ``admin_views``: the report view in the Wagtail admin;
- ``tasks``: the scheduled check and report.
"""
